#!/usr/bin/python3
"""CallWarden's pocketsphinx worker: one long-lived Decoder, utterances in on stdin, JSON lines out.

Started by src/speech/pocketsphinx-engine.ts with Debian's /usr/bin/python3 (packages python3-pocketsphinx and
pocketsphinx-en-us). Protocol, one utterance at a time:
  stdin:  a JSON header line {"id": 7, "bytes": N}, then N bytes of 16-bit little-endian mono PCM at 16 kHz
  stdout: {"ready": true} once the decoder is loaded, then one line per utterance:
          {"id": 7, "text": "...", "words": [{"word": "pin", "start": 120, "end": 380}], "ms": 210}
          or {"id": 7, "error": "..."}; a fatal start-up problem is {"fatal": "..."} and exit status 2.
Telephone audio is upsampled to 16 kHz by the caller: the en-us acoustic model is a 16 kHz model and recognised the
8 kHz test speech far better that way than with -samprate 8000 (which also needs a narrower filterbank).
"""
import json
import sys
import time


def main():
    args = dict(zip(sys.argv[1::2], sys.argv[2::2]))
    model = args.get("--model", "/usr/share/pocketsphinx/model/en-us")
    out = sys.stdout
    try:
        from pocketsphinx import Decoder

        config = Decoder.default_config()
        config.set_string("-hmm", model + "/en-us")
        config.set_string("-lm", model + "/en-us.lm.bin")
        config.set_string("-dict", model + "/cmudict-en-us.dict")
        config.set_string("-logfn", "/dev/null")
        # Noise removal and silence removal adapt their estimates across utterances, so a worker's first utterance
        # came out differently from the same audio later on. The VAD has already cut the utterance: without them the
        # words depend only on the audio, whichever worker gets it, and no fewer were recognised.
        config.set_boolean("-remove_noise", False)
        config.set_boolean("-remove_silence", False)
        decoder = Decoder(config)
    except Exception as error:  # noqa: BLE001 - any start-up failure is reported the same way
        out.write(json.dumps({"fatal": "%s: %s" % (type(error).__name__, error)}) + "\n")
        out.flush()
        sys.exit(2)
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    stdin = sys.stdin.buffer
    while True:
        header = stdin.readline()
        if not header:
            return  # stdin closed: clean shutdown
        request = json.loads(header)
        size = int(request["bytes"])
        audio = stdin.read(size)
        if len(audio) < size:
            return
        started = time.monotonic()
        try:
            decoder.start_utt()
            decoder.process_raw(audio, False, True)
            decoder.end_utt()
            hypothesis = decoder.hyp()
            words = []
            for segment in decoder.seg():
                word = segment.word
                if word.startswith("<") or word.startswith("[") or word.startswith("++"):
                    continue
                words.append({"word": word.split("(")[0], "start": segment.start_frame * 10, "end": segment.end_frame * 10})
            reply = {"id": request["id"], "text": hypothesis.hypstr if hypothesis else "", "words": words}
        except Exception as error:  # noqa: BLE001 - reported per utterance, the worker lives on
            reply = {"id": request["id"], "error": "%s: %s" % (type(error).__name__, error)}
        reply["ms"] = round((time.monotonic() - started) * 1000)
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
