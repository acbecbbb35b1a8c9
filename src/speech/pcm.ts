/**
 * 16-bit PCM ↔ float sample conversions and the faint noise floor the keyword spotter needs on telephone audio.
 *
 * @example
 * const float = int16ToFloat(frame);   // [-1, 1)
 * const pcm = floatToInt16(segment);   // clipped to the 16-bit range
 */

/** Int16 samples → float samples in [-1, 1). */
export function int16ToFloat(samples: Int16Array): Float32Array {
  const out = new Float32Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = (samples[i] ?? 0) / 32768;
  return out;
}

/** Float samples → Int16, clipped. */
export function floatToInt16(samples: Float32Array): Int16Array {
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round((samples[i] ?? 0) * 32768);
    out[i] = Math.min(32767, Math.max(-32768, v));
  }
  return out;
}

/**
 * Adds white noise at `dbfs` (e.g. −50) in place. Band-limited telephone audio upsampled to 16 kHz has an empty upper
 * band that a 16 kHz keyword model never saw in training; a faint floor there makes it spot words again (measured in
 * /work/shared/models' README). A fixed-seed generator keeps results reproducible.
 */
export function addNoiseFloor(samples: Float32Array, dbfs: number, seed = 1): Float32Array {
  const amplitude = 10 ** (dbfs / 20) * Math.sqrt(3); // uniform noise with that RMS
  let state = seed >>> 0 || 1;
  for (let i = 0; i < samples.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    samples[i] = (samples[i] ?? 0) + ((state >>> 0) / 4294967296 - 0.5) * 2 * amplitude;
  }
  return samples;
}
