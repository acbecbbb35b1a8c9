import type { Command } from 'commander';
import type { createApp } from '../../app/create-app.js';
import { ConfigError, loadConfig } from '../../config/config.js';
import type { SpeechPipeline } from '../../guard/call-audio.js';
import { StoreError } from '../../store/store.js';
import { CliError } from '../cli-error.js';
import type { GlobalOptions } from '../context.js';
import { withGlobalOptions } from '../context.js';

/** `serve`: the screening service: SIP (UDP and TCP) and the HTTP API in one process. */
export function registerServeCommand(program: Command): void {
  withGlobalOptions(program.command('serve'))
    .description('run the CallWarden service')
    .option('--http <host:port>', 'where the web dashboard and HTTP API listen (default 127.0.0.1:8080)')
    .option('--sip <host:port>', 'where SIP listens, UDP and TCP (default 127.0.0.1:5060)')
    .option('--trunk <host:port>', "the SIP trunk that outgoing calls from residents' phones go to")
    .option('--log-level <level>', 'fatal | error | warn | info | debug | trace | silent')
    .option('--rtp-ports <min-max>', 'UDP ports for call media, two per call (default 20000-20999)')
    .option('--trunk-user <name>', 'username for a trunk that challenges outgoing calls (digest auth)')
    .option('--trunk-password <secret>', 'its password (or CALLWARDEN_TRUNK_PASSWORD, kept out of the process list)')
    .option(
      '--asr-engine <engine>',
      'speech recognition of guarded calls: auto | pocketsphinx | sherpa-onnx | none (default auto: sherpa-onnx with --asr-model, else pocketsphinx when installed)',
    )
    .option(
      '--asr-model <dir>',
      'speech model directory (sherpa-onnx: a streaming zipformer transducer; see docs/speech.md)',
    )
    .option('--kws-model <dir>', 'keyword-spotting model directory (sherpa-onnx KWS with keywords-courier-fraud.txt)')
    .option('--asr-workers <n>', 'pocketsphinx worker processes (default 2)')
    .action(async (options, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      let config: ReturnType<typeof loadConfig>;
      try {
        config = loadConfig({
          ...(globals.data !== undefined ? { dataDir: globals.data } : {}),
          ...(globals.region !== undefined ? { region: globals.region } : {}),
          ...(options.http !== undefined ? { http: options.http } : {}),
          ...(options.sip !== undefined ? { sip: options.sip } : {}),
          ...(options.logLevel !== undefined ? { logLevel: options.logLevel } : {}),
          ...(options.trunk !== undefined ? { trunk: options.trunk } : {}),
          ...(options.rtpPorts !== undefined ? { rtpPorts: options.rtpPorts } : {}),
          ...(options.trunkUser !== undefined ? { trunkUser: options.trunkUser } : {}),
          ...(options.trunkPassword !== undefined ? { trunkPassword: options.trunkPassword } : {}),
          ...(options.asrEngine !== undefined ? { asrEngine: options.asrEngine } : {}),
          ...(options.asrModel !== undefined ? { asrModel: options.asrModel } : {}),
          ...(options.kwsModel !== undefined ? { kwsModel: options.kwsModel } : {}),
          ...(options.asrWorkers !== undefined ? { asrWorkers: options.asrWorkers } : {}),
        });
      } catch (error) {
        if (error instanceof ConfigError) throw new CliError(error.message);
        throw error;
      }
      // The service's modules (HTTP, SIP, speech) load only for `serve`: every other command starts without them.
      const [{ createApp: startApp }, { createLogger }, { createSpeechPipeline }, { SpeechSetupError }] =
        await Promise.all([
          import('../../app/create-app.js'),
          import('../../observability/logger.js'),
          import('../../speech/create-speech-pipeline.js'),
          import('../../speech/model-directory.js'),
        ]);
      const log = createLogger(config.logLevel);
      let app: Awaited<ReturnType<typeof createApp>>;
      // The speech pipeline belongs to this process (its recogniser workers): built here, closed after the app.
      let speech: SpeechPipeline | null = null;
      try {
        speech = await createSpeechPipeline(
          {
            asrEngine: config.asrEngine,
            asrModel: config.asrModel,
            kwsModel: config.kwsModel,
            asrWorkers: config.asrWorkers,
          },
          log,
        );
        app = await startApp({ config, log, ...(speech ? { speech } : {}) });
      } catch (error) {
        await speech?.close();
        if (error instanceof StoreError) throw new CliError(`database: ${error.message}`, 3);
        if (error instanceof SpeechSetupError) throw new CliError(`speech: ${error.message}`);
        throw error;
      }
      let listening: { http: string; sip: string };
      try {
        listening = await app.start();
      } catch (error) {
        await app.stop().catch(() => undefined);
        await speech?.close();
        throw new CliError(
          `cannot listen (HTTP ${config.http.host}:${config.http.port}, SIP ${config.sip.host}:${config.sip.port}): ${(error as Error).message}`,
          3,
        );
      }
      const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `${config.dataDir}/callwarden.db`;
      console.error(
        `CallWarden is running.\n  data:          ${where}\n  web and API:   ${listening.http}  (health: ${listening.http}/health, metrics: ${listening.http}/metrics, API description: ${listening.http}/openapi.json)`,
      );
      console.error(`  SIP:           ${listening.sip}`);
      console.error(
        `  call guard:    ${speech ? `listens with ${speech.description}` : 'transcript feed only (no speech engine)'}`,
      );
      if (globals.json) process.stdout.write(`${JSON.stringify({ ...listening, data: where })}\n`);
      const shutdown = async (signal: string) => {
        log.info({ signal }, 'shutting down');
        await app.stop();
        await speech?.close();
        process.exit(0);
      };
      process.once('SIGINT', () => void shutdown('SIGINT'));
      process.once('SIGTERM', () => void shutdown('SIGTERM'));
    });
}
