#!/usr/bin/env bash
# Synthesises the speech fixtures under test/audio/ (committed; rerun only to change them): espeak-ng speaks each
# sentence, sox turns it into telephone audio (8 kHz mono 16-bit WAV, 300–3400 Hz like a phone line) and joins the
# sentences with about a second of silence. Also writes G.711 µ-law raw copies (.ulaw, no header) that sipp plays into
# a call with <exec rtp_stream="test/audio/courier-fraud-caller.ulaw,1,0"/> (payload type 0 = PCMU, 160 bytes per 20 ms).
#
# The voice is espeak-ng's en-us with the klatt variant at 130 words per minute: of the voices tried (en-gb, en-us,
# en-gb-x-rp, +m1..m7, +f1..f4, +klatt..klatt6 at 110–160 wpm) it is the one pocketsphinx recognises best, by far.
# Needs: espeak-ng, sox (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
out=test/audio
voice="${VOICE:-en-us+klatt}"
speed="${SPEED:-130}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# make NAME SENTENCE...: one WAV with the sentences 1 s apart (0.5 s of silence at each end).
make() {
  local name=$1
  shift
  local parts=() i=0
  for sentence in "$@"; do
    i=$((i + 1))
    espeak-ng -v "$voice" -s "$speed" -w "$work/$i.wav" "$sentence"
    # Telephone band, 8 kHz, peak at -3 dBFS; no dither so the files are reproducible.
    sox -D "$work/$i.wav" -r 8000 -c 1 -b 16 -e signed-integer "$work/$i-8k.wav" sinc 300-3400 norm -3 pad 0 1
    parts+=("$work/$i-8k.wav")
  done
  sox -D "${parts[@]}" "$out/$name.wav" pad 0.5 0
  sox -D "$out/$name.wav" -t raw -e u-law -b 8 -r 8000 -c 1 "$out/$name.ulaw"
  echo "$out/$name.wav: $(soxi -D "$out/$name.wav") s" >&2
}

make courier-fraud-caller \
  "Hello, this is detective constable Hughes from the Metropolitan Police fraud squad." \
  "We have arrested a man who had a copy of your bank card." \
  "Someone at your bank is involved, so your account is at risk." \
  "Read me your pin number so we can cancel the card." \
  "You need to withdraw five thousand pounds in cash." \
  "A courier will collect your bank card and the cash from your house." \
  "Do not tell anyone at the bank about this call."

make dentist-caller \
  "Hello, this is Sarah from the Riverside Dental Practice." \
  "I am calling to confirm your appointment with Doctor Patel on Tuesday at ten in the morning." \
  "If you need to change it, please ring the surgery." \
  "We look forward to seeing you then."

ls -l "$out" >&2
