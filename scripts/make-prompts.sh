#!/usr/bin/env bash
# Synthesises the prompts CallWarden plays into prompts/*.wav (8 kHz mono µ-law WAV, committed). Run once, by hand,
# after changing a text below; the service and its tests only read the committed files.
# With names as arguments (e.g. `bash scripts/make-prompts.sh report-filed`) only those prompts are made.
# Needs espeak-ng and sox (Debian: apt-get install -y espeak-ng sox).
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in espeak-ng sox; do
  if ! command -v "$tool" >/dev/null; then
    echo "make-prompts: $tool is not installed (apt-get install -y espeak-ng sox)" >&2
    exit 1
  fi
done

voice="${VOICE:-en-gb}"
rate="${RATE:-140}" # words per minute; espeak's default (175) is too fast for older listeners on a phone line
out=prompts
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

# name|text
prompts=(
  'screen-ask-name|Hello. This line is protected by CallWarden.'\
' Please say your name and why you are calling after the tone.'
  'screen-call-from|Call from:'
  'screen-choices|Press 1 to accept, 2 to reject, 3 to reject and report as a scam,'\
' 9 to accept and always allow this number.'
  'voicemail-greeting|The person you are calling cannot take your call. Please leave a message after the tone.'
  'blocked-announcement|The person you are calling does not accept calls from this number.'
  'line-clear|This line is clear. You are connected on a new line.'
  'warning-scam|This may be a scam. Police and banks never ask for your PIN or send a courier. You can hang up now.'
  'ending-call|CallWarden is ending this call because it appears to be a scam.'
  'report-filed|Thank you. CallWarden has reported your last caller. Goodbye.'
  'nothing-to-report|CallWarden found no recent call to report. Goodbye.'
)
wanted=" $* " # the prompts to make; "  " (none named) makes them all

# sox -R: fixed dither seed, so regenerating unchanged texts gives byte-identical files (no spurious diffs).
# Leading and trailing silence trimmed (espeak pads both ends; dead air makes callers think the line dropped),
# telephone band (300–3400 Hz), resampled with sox's high-quality filter, peak-normalised to -3 dBFS, then µ-law.
to_telephony=(-r 8000 -c 1 -e u-law -b 8)
for entry in "${prompts[@]}"; do
  name="${entry%%|*}"
  text="${entry#*|}"
  [ "$wanted" = "  " ] || [[ "$wanted" == *" $name "* ]] || continue
  espeak-ng -v "$voice" -s "$rate" -w "$work/$name.wav" "$text"
  sox -R "$work/$name.wav" "${to_telephony[@]}" "$out/$name.wav" \
    silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse highpass 300 lowpass 3400 rate -v 8000 norm -3
  echo "$out/$name.wav: $(stat -c %s "$out/$name.wav") bytes" >&2
done

# The beep before recording: 400 ms of 1 kHz with 10 ms fades so it does not click.
[ "$wanted" = "  " ] || [[ "$wanted" == *" tone "* ]] || exit 0
sox -R -n -r 8000 -c 1 -e u-law -b 8 "$out/tone.wav" synth 0.4 sine 1000 fade t 0.01 0.4 0.01 norm -6
echo "$out/tone.wav: $(stat -c %s "$out/tone.wav") bytes" >&2
