/**
 * The speech-recognition engine port: one finished utterance in, its words out. Engines are shared by every call of
 * a service; whatever state one utterance needs lives in that call (`recognize`), never on the engine.
 *
 * @example
 * const engine = await createPocketsphinxEngine({ workers: 2 }, log);
 * const { text } = await engine.recognize({ samples, sampleRate: 16000 }); // 'read me your pin number'
 * await engine.close();
 */

/** Mono audio as floats in [-1, 1). */
export interface UtteranceAudio {
  samples: Float32Array;
  sampleRate: number;
}

export interface RecognizedWord {
  word: string;
  /** ms from the start of the utterance. */
  startMs: number;
  endMs: number;
}

export interface Recognition {
  /** Lower case, no punctuation, single spaces; '' when nothing was recognised. */
  text: string;
  /** Word timings where the engine gives them (may be empty). */
  words: RecognizedWord[];
}

export const asrEngineNames = ['pocketsphinx', 'sherpa-onnx'] as const;
export type AsrEngineName = (typeof asrEngineNames)[number];

export interface RecognitionEngine {
  readonly name: AsrEngineName;
  /** Rejects on failure or timeout (the pipeline turns that into an utterance with '' text). */
  recognize(audio: UtteranceAudio): Promise<Recognition>;
  /** Stops workers and frees models; pending utterances are rejected. */
  close(): Promise<void>;
}

/** Lower case, letters/digits/apostrophes only, single spaces (what `HeardUtterance.text` promises). */
export function cleanTranscript(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>|\[[^\]]*\]|\([^)]*\)/g, ' ') // fillers and noise tokens: <sil>, [noise], (2)
    .replace(/[^a-z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
