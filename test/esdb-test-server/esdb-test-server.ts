/**
 * ESDB TEST SERVER — a test double of the subset of EventStoreDB's gRPC protocol that
 * @eventstore/db-client (and so EsdbEventStore) uses against a single node with `tls=false`:
 *
 *   - ServerFeatures.GetSupportedMethods (the client asks on connect; BatchAppend is advertised
 *     like a 21.10+ server does, or not, to drive the client's older Append path);
 *   - Streams.Append and Streams.BatchAppend, with ESDB's expected-version and idempotency rules
 *     of a single node (an exact / no_stream expectation behind the head is idempotent when the
 *     following events carry the same ids; 'any' is idempotent when the ids are already in the
 *     stream) and its maximum append size (1 MiB unless configured);
 *   - Streams.Read: a stream forwards/backwards (StreamNotFound when absent), $all
 *     forwards/backwards from start/end/a position, optionally filtered, and catch-up-then-live
 *     subscriptions to $all with stream-name or event-type filters (prefixes or regex),
 *     confirmation, checkpoints and CaughtUp.
 *
 * It is built only from what ships inside the @eventstore/db-client package: the package has no
 * .proto files, but the code protoc generated from ESDB's protos (generated/*_grpc_pb.js service
 * definitions and *_pb.js message classes), served with @grpc/grpc-js (which the client brings)
 * over real gRPC on 127.0.0.1, on an ephemeral port unless one is given. Events live in an
 * in-memory log (memory-log.ts) that survives stop()/restart(), so a test can restart the "node"
 * on the same port. Positions are strictly increasing, non-dense log offsets with commit =
 * prepare, reported in stream reads too (as servers since 22.6 do); a fresh log already holds a
 * couple of system ($-typed) events. A $all position that is not the start of a record is
 * refused: ESDB refuses such a subscription start (InvalidPosition); that it also refuses such a
 * plain read is this double's assumption (EsdbEventStore copes either way).
 *
 * What passing against it does NOT prove: EventStoreDB's real behaviour under load or memory
 * pressure (its bounded subscription buffers and "consumer too slow" drops, live/catch-up switch
 * timing, read batching), clustering (gossip, leader election, NotLeader redirects, follower
 * reads), TLS and authentication/ACLs, stream metadata ($maxAge, $maxCount, truncation),
 * deletes and tombstones, scavenging, link events and projections, persistent subscriptions,
 * the server's idempotency windows (ESDB only recognises a retry while the earlier write is
 * still in its commit-check cache or exactly where the expectation puts it; this log never
 * forgets), nor the exact error statuses/messages a real node returns. Run the spec against a
 * real node (EVENTSTORE_CONNECTION_STRING) for those.
 */
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as GoogleEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import {
  SupportedMethod,
  SupportedMethods,
} from '@eventstore/db-client/generated/serverfeatures_pb';
import {
  AllStreamPosition,
  Empty,
  MaximumAppendSizeExceeded,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  ReadReq,
  ReadResp,
} from '@eventstore/db-client/generated/streams_pb';
import {
  AppendOutcome,
  ExpectedStreamState,
  LogRecord,
  MemoryLog,
  ProposedEvent,
} from './memory-log';

export { MemoryLog } from './memory-log';
export type { LogRecord } from './memory-log';

export interface EsdbTestServerOptions {
  /** 0 (default) picks an ephemeral port. */
  port?: number;
  /** Advertise Streams.BatchAppend (default true, as ESDB 21.10+ does). */
  batchAppend?: boolean;
  /** Bytes of data + metadata one append may carry (ESDB's default is 1 MiB). */
  maxAppendSize?: number;
  /** Keep the log of an earlier server (its restart). */
  log?: MemoryLog;
}

const HOST = '127.0.0.1';
const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;
/** ESDB's default filter search window when the client asks for "count". */
const DEFAULT_FILTER_WINDOW = 32;

type Predicate = (r: LogRecord) => boolean;

class RequestError extends Error {
  constructor(
    readonly code: grpc.status,
    message: string,
    readonly exception?: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }

  toServiceError(): Partial<grpc.ServiceError> {
    const metadata = new grpc.Metadata();
    if (this.exception) metadata.set('exception', this.exception);
    for (const [k, v] of Object.entries(this.extra)) metadata.set(k, v);
    return { code: this.code, details: this.message, metadata };
  }
}

export class EsdbTestServer {
  private server: grpc.Server | null = null;
  private boundPort = 0;
  private readonly stops = new Set<() => void>();

  private constructor(
    readonly log: MemoryLog,
    private readonly opts: EsdbTestServerOptions,
  ) {}

  static async start(opts: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
    const log = opts.log ?? new MemoryLog(opts.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE);
    const server = new EsdbTestServer(log, opts);
    await server.listen(opts.port ?? 0);
    return server;
  }

  get port(): number {
    return this.boundPort;
  }

  get connectionString(): string {
    return `esdb://${HOST}:${this.boundPort}?tls=false`;
  }

  get running(): boolean {
    return this.server !== null;
  }

  /** Drops every connection at once (like a crashed or killed node); the log is kept. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    for (const stop of [...this.stops]) stop();
    server.forceShutdown();
  }

  /** Stops if running, stays down for `downtimeMs`, then listens on the same port, same log. */
  async restart(opts: { downtimeMs?: number } = {}): Promise<void> {
    await this.stop();
    if (opts.downtimeMs) await new Promise((resolve) => setTimeout(resolve, opts.downtimeMs));
    await this.listen(this.boundPort);
  }

  private async listen(port: number): Promise<void> {
    const server = new grpc.Server({
      'grpc.max_receive_message_length': 32 * 1024 * 1024,
      'grpc.max_send_message_length': 32 * 1024 * 1024,
    });
    server.addService(ServerFeaturesService, {
      getSupportedMethods: (
        _call: grpc.ServerUnaryCall<Empty, SupportedMethods>,
        callback: grpc.sendUnaryData<SupportedMethods>,
      ) => callback(null, this.supportedMethods()),
    } as grpc.UntypedServiceImplementation);
    server.addService(StreamsService, {
      read: (call: grpc.ServerWritableStream<ReadReq, ReadResp>) => this.read(call),
      append: (
        call: grpc.ServerReadableStream<AppendReq, AppendResp>,
        callback: grpc.sendUnaryData<AppendResp>,
      ) => this.append(call, callback),
      batchAppend: (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>) =>
        this.batchAppend(call),
      delete: unimplemented,
      tombstone: unimplemented,
    } as grpc.UntypedServiceImplementation);
    this.boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${HOST}:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) =>
        err ? reject(err) : resolve(p),
      ),
    );
    this.server = server;
  }

  private supportedMethods(): SupportedMethods {
    const methods = [
      ['event_store.client.streams.Streams', 'Read', []],
      ['event_store.client.streams.Streams', 'Append', []],
      ['event_store.client.server_features.ServerFeatures', 'GetSupportedMethods', []],
    ] as [string, string, string[]][];
    if (this.opts.batchAppend ?? true) {
      methods.push(['event_store.client.streams.Streams', 'BatchAppend', []]);
    }
    const out = new SupportedMethods();
    out.setEventStoreServerVersion('0.0.0-esdb-test-server');
    out.setMethodsList(
      methods.map(([service, method, features]) => {
        const m = new SupportedMethod();
        m.setServiceName(service);
        m.setMethodName(method);
        m.setFeaturesList(features);
        return m;
      }),
    );
    return out;
  }

  // ---------------------------------------------------------------- Streams.Read

  private read(call: grpc.ServerWritableStream<ReadReq, ReadResp>): void {
    this.serveRead(call).catch((err: unknown) => {
      if (call.cancelled) return;
      const e =
        err instanceof RequestError
          ? err
          : new RequestError(
              grpc.status.INTERNAL,
              err instanceof Error ? err.message : String(err),
            );
      call.emit('error', e.toServiceError());
    });
  }

  private async serveRead(call: grpc.ServerWritableStream<ReadReq, ReadResp>): Promise<void> {
    const options = call.request.getOptions();
    if (!options) throw new RequestError(grpc.status.INVALID_ARGUMENT, 'read options missing');
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const filter = filterOf(options);

    if (options.getStreamOptionCase() === ReadReq.Options.StreamOptionCase.STREAM) {
      if (options.getCountOptionCase() === ReadReq.Options.CountOptionCase.SUBSCRIPTION) {
        throw new RequestError(grpc.status.UNIMPLEMENTED, 'stream subscriptions are not supported');
      }
      await this.readStream(call, options.getStream()!, backwards, countOf(options));
      return;
    }
    const all = options.getAll();
    if (!all) throw new RequestError(grpc.status.INVALID_ARGUMENT, 'stream or $all expected');
    if (options.getCountOptionCase() === ReadReq.Options.CountOptionCase.SUBSCRIPTION) {
      await this.subscribeToAll(call, all, filter);
      return;
    }
    await this.readAll(call, all, backwards, countOf(options), filter?.predicate);
  }

  private async readStream(
    call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    so: ReadReq.Options.StreamOptions,
    backwards: boolean,
    count: number,
  ): Promise<void> {
    const name = streamNameOf(so.getStreamIdentifier());
    const records = this.log.stream(name);
    if (!records || records.length === 0) {
      const nf = new ReadResp.StreamNotFound();
      nf.setStreamIdentifier(identifier(name));
      const resp = new ReadResp();
      resp.setStreamNotFound(nf);
      await send(call, resp);
      call.end();
      return;
    }
    const last = records.length - 1;
    let idx: number;
    switch (so.getRevisionOptionCase()) {
      case ReadReq.Options.StreamOptions.RevisionOptionCase.START:
        idx = 0;
        break;
      case ReadReq.Options.StreamOptions.RevisionOptionCase.END:
        idx = backwards ? last : records.length;
        break;
      default: {
        const r = BigInt(so.getRevision());
        idx = r > BigInt(last) ? (backwards ? last : records.length) : Number(r);
      }
    }
    let sent = 0;
    while (sent < count && idx >= 0 && idx < records.length && !call.cancelled) {
      await send(call, eventResp(records[idx], false));
      sent++;
      idx += backwards ? -1 : 1;
    }
    call.end();
  }

  /** Index of the record at a client-given $all position; refuses one inside a record. */
  private indexAt(pos: ReadReq.Options.Position): number {
    const commit = BigInt(pos.getCommitPosition());
    const prepare = BigInt(pos.getPreparePosition());
    if (commit >= this.log.endPosition) return this.log.records.length;
    const idx = this.log.indexOfPosition(commit);
    if (idx < 0 || commit !== prepare) {
      throw new RequestError(
        grpc.status.OUT_OF_RANGE,
        `Invalid position ${commit}/${prepare}: not the start of a record`,
        'invalid-position',
      );
    }
    return idx;
  }

  private async readAll(
    call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    ao: ReadReq.Options.AllOptions,
    backwards: boolean,
    count: number,
    predicate: Predicate | undefined,
  ): Promise<void> {
    const records = this.log.records;
    let idx: number;
    switch (ao.getAllOptionCase()) {
      case ReadReq.Options.AllOptions.AllOptionCase.START:
        idx = backwards ? -1 : 0;
        break;
      case ReadReq.Options.AllOptions.AllOptionCase.END:
        idx = backwards ? records.length - 1 : records.length;
        break;
      default:
        // Forwards from a position includes its record; backwards reads the records before it.
        idx = this.indexAt(ao.getPosition()!) - (backwards ? 1 : 0);
    }
    let sent = 0;
    while (sent < count && idx >= 0 && idx < records.length && !call.cancelled) {
      const r = records[idx];
      idx += backwards ? -1 : 1;
      if (predicate && !predicate(r)) continue;
      await send(call, eventResp(r, true));
      sent++;
    }
    call.end();
  }

  /** One loop for catch-up and live: it reads the log after the last record it considered. */
  private async subscribeToAll(
    call: grpc.ServerWritableStream<ReadReq, ReadResp>,
    ao: ReadReq.Options.AllOptions,
    filter: { predicate: Predicate; checkpointInterval: number } | undefined,
  ): Promise<void> {
    let idx: number;
    switch (ao.getAllOptionCase()) {
      case ReadReq.Options.AllOptions.AllOptionCase.END:
        idx = this.log.records.length;
        break;
      case ReadReq.Options.AllOptions.AllOptionCase.POSITION: {
        // Exclusive: the subscription starts after the record at that position.
        const at = this.indexAt(ao.getPosition()!);
        idx = at >= this.log.records.length ? at : at + 1;
        break;
      }
      default:
        idx = 0;
    }

    let stopped = false;
    let wake: (() => void) | null = null;
    const stop = () => {
      stopped = true;
      const w = wake;
      wake = null;
      w?.();
    };
    const offAppend = this.log.onAppend(() => {
      const w = wake;
      wake = null;
      w?.();
    });
    this.stops.add(stop);
    call.on('cancelled', stop);
    call.on('close', stop);
    try {
      const confirmation = new ReadResp.SubscriptionConfirmation();
      confirmation.setSubscriptionId(randomUUID());
      const first = new ReadResp();
      first.setConfirmation(confirmation);
      await send(call, first);

      let considered = 0;
      let caughtUp = false;
      while (!stopped && !call.cancelled) {
        const records = this.log.records;
        while (idx < records.length && !stopped) {
          const r = records[idx++];
          considered++;
          if (!filter || filter.predicate(r)) await send(call, eventResp(r, true));
          if (filter && considered >= filter.checkpointInterval) {
            considered = 0;
            await send(call, checkpointResp(r.position));
          }
        }
        if (stopped) break;
        if (!caughtUp) {
          caughtUp = true;
          const resp = new ReadResp();
          resp.setCaughtUp(new ReadResp.CaughtUp());
          await send(call, resp);
        }
        if (idx >= this.log.records.length) {
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
      }
    } finally {
      offAppend();
      this.stops.delete(stop);
    }
  }

  // ---------------------------------------------------------------- Streams.Append

  private append(
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
  ): void {
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    call.on('data', (req: AppendReq) => {
      if (req.hasOptions()) options = req.getOptions();
      const m = req.getProposedMessage();
      if (m) events.push(proposed(m));
    });
    call.on('error', () => undefined);
    call.on('end', () => {
      if (!options) {
        callback(
          new RequestError(grpc.status.INVALID_ARGUMENT, 'append options missing').toServiceError(),
        );
        return;
      }
      const expected = expectedOfAppend(options);
      const name = streamNameOf(options.getStreamIdentifier());
      const outcome = this.log.append(name, expected, events);
      const resp = new AppendResp();
      switch (outcome.kind) {
        case 'too_large':
          callback(tooLarge(outcome.maxAppendSize).toServiceError());
          return;
        case 'wrong_expected_version': {
          const w = new AppendResp.WrongExpectedVersion();
          if (outcome.currentRevision === null) w.setCurrentNoStream(new Empty());
          else w.setCurrentRevision(outcome.currentRevision.toString());
          if (expected === 'any') w.setExpectedAny(new Empty());
          else if (expected === 'no_stream') w.setExpectedNoStream(new Empty());
          else if (expected === 'stream_exists') w.setExpectedStreamExists(new Empty());
          else w.setExpectedRevision(expected.toString());
          resp.setWrongExpectedVersion(w);
          break;
        }
        default: {
          const s = new AppendResp.Success();
          if (outcome.currentRevision < 0n) s.setNoStream(new Empty());
          else s.setCurrentRevision(outcome.currentRevision.toString());
          if (outcome.kind === 'written') {
            const p = new AppendResp.Position();
            p.setCommitPosition(outcome.position.toString());
            p.setPreparePosition(outcome.position.toString());
            s.setPosition(p);
          } else {
            s.setNoPosition(new Empty());
          }
          resp.setSuccess(s);
        }
      }
      callback(null, resp);
    });
  }

  private batchAppend(call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    const pending = new Map<string, { options: BatchAppendReq.Options; events: ProposedEvent[] }>();
    call.on('data', (req: BatchAppendReq) => {
      const correlationId = req.getCorrelationId()?.getString() ?? '';
      let batch = pending.get(correlationId);
      if (!batch) {
        const options = req.getOptions();
        if (!options) return;
        batch = { options, events: [] };
        pending.set(correlationId, batch);
      }
      for (const m of req.getProposedMessagesList()) batch.events.push(proposed(m));
      if (!req.getIsFinal()) return;
      pending.delete(correlationId);
      const resp = this.batchResult(correlationId, batch.options, batch.events);
      if (!call.cancelled) call.write(resp);
    });
    call.on('error', () => undefined);
    call.on('end', () => call.end());
  }

  private batchResult(
    correlationId: string,
    options: BatchAppendReq.Options,
    events: ProposedEvent[],
  ): BatchAppendResp {
    const name = streamNameOf(options.getStreamIdentifier());
    let expected: ExpectedStreamState;
    const resp = new BatchAppendResp();
    const cid = new UUID();
    cid.setString(correlationId);
    resp.setCorrelationId(cid);
    resp.setStreamIdentifier(identifier(name));
    switch (options.getExpectedStreamPositionCase()) {
      case BatchAppendReq.Options.ExpectedStreamPositionCase.STREAM_POSITION:
        expected = BigInt(options.getStreamPosition());
        resp.setStreamPosition(expected.toString());
        break;
      case BatchAppendReq.Options.ExpectedStreamPositionCase.NO_STREAM:
        expected = 'no_stream';
        resp.setNoStream(new GoogleEmpty());
        break;
      case BatchAppendReq.Options.ExpectedStreamPositionCase.STREAM_EXISTS:
        expected = 'stream_exists';
        resp.setStreamExists(new GoogleEmpty());
        break;
      default:
        expected = 'any';
        resp.setAny(new GoogleEmpty());
    }
    const outcome: AppendOutcome = this.log.append(name, expected, events);
    switch (outcome.kind) {
      case 'too_large': {
        const detail = new MaximumAppendSizeExceeded();
        detail.setMaxappendsize(outcome.maxAppendSize);
        resp.setError(
          status(
            Code.INVALID_ARGUMENT,
            `Maximum Append Size of ${outcome.maxAppendSize} Exceeded.`,
            detail.serializeBinary(),
            'event_store.client.MaximumAppendSizeExceeded',
          ),
        );
        break;
      }
      case 'wrong_expected_version': {
        const detail = new WrongExpectedVersion();
        if (outcome.currentRevision === null) detail.setCurrentNoStream(new GoogleEmpty());
        else detail.setCurrentStreamRevision(outcome.currentRevision.toString());
        if (expected === 'any') detail.setExpectedAny(new GoogleEmpty());
        else if (expected === 'no_stream') detail.setExpectedNoStream(new GoogleEmpty());
        else if (expected === 'stream_exists') detail.setExpectedStreamExists(new GoogleEmpty());
        else detail.setExpectedStreamPosition(expected.toString());
        resp.setError(
          status(
            Code.FAILED_PRECONDITION,
            'WrongExpectedVersion',
            detail.serializeBinary(),
            'event_store.client.WrongExpectedVersion',
          ),
        );
        break;
      }
      default: {
        const s = new BatchAppendResp.Success();
        if (outcome.currentRevision < 0n) s.setNoStream(new GoogleEmpty());
        else s.setCurrentRevision(outcome.currentRevision.toString());
        if (outcome.kind === 'written') {
          const p = new AllStreamPosition();
          p.setCommitPosition(outcome.position.toString());
          p.setPreparePosition(outcome.position.toString());
          s.setPosition(p);
        } else {
          s.setNoPosition(new GoogleEmpty());
        }
        resp.setSuccess(s);
      }
    }
    return resp;
  }
}

// ---------------------------------------------------------------- helpers

function unimplemented(_call: unknown, callback: grpc.sendUnaryData<unknown>): void {
  callback({ code: grpc.status.UNIMPLEMENTED, details: 'not supported by the ESDB test server' });
}

/** Writes with backpressure; resolves early if the call goes away. */
function send<T>(call: grpc.ServerWritableStream<unknown, T>, msg: T): Promise<void> {
  if (call.write(msg)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      call.off('drain', done);
      call.off('cancelled', done);
      call.off('close', done);
      resolve();
    };
    call.on('drain', done);
    call.on('cancelled', done);
    call.on('close', done);
  });
}

function countOf(options: ReadReq.Options): number {
  const count = BigInt(options.getCount() || '0');
  return count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
}

function filterOf(
  options: ReadReq.Options,
): { predicate: Predicate; checkpointInterval: number } | undefined {
  if (options.getFilterOptionCase() !== ReadReq.Options.FilterOptionCase.FILTER) return undefined;
  const f = options.getFilter()!;
  const onStream = f.getFilterCase() === ReadReq.Options.FilterOptions.FilterCase.STREAM_IDENTIFIER;
  const expr = onStream ? f.getStreamIdentifier() : f.getEventType();
  const prefixes = expr?.getPrefixList() ?? [];
  const regex = expr?.getRegex() ? new RegExp(expr.getRegex()) : null;
  const matches = (value: string) =>
    prefixes.length > 0
      ? prefixes.some((p) => value.startsWith(p))
      : regex
        ? regex.test(value)
        : true;
  const window =
    f.getWindowCase() === ReadReq.Options.FilterOptions.WindowCase.MAX
      ? f.getMax()
      : DEFAULT_FILTER_WINDOW;
  return {
    predicate: (r) => matches(onStream ? r.stream : r.type),
    checkpointInterval: Math.max(1, f.getCheckpointintervalmultiplier() || 1) * Math.max(1, window),
  };
}

function expectedOfAppend(options: AppendReq.Options): ExpectedStreamState {
  switch (options.getExpectedStreamRevisionCase()) {
    case AppendReq.Options.ExpectedStreamRevisionCase.REVISION:
      return BigInt(options.getRevision());
    case AppendReq.Options.ExpectedStreamRevisionCase.NO_STREAM:
      return 'no_stream';
    case AppendReq.Options.ExpectedStreamRevisionCase.STREAM_EXISTS:
      return 'stream_exists';
    default:
      return 'any';
  }
}

function proposed(m: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedEvent {
  const metadata = m.getMetadataMap();
  const id = m.getId();
  return {
    id: id?.getString() || randomUUID(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: m.getData_asU8(),
    metadata: m.getCustomMetadata_asU8(),
  };
}

function streamNameOf(id: StreamIdentifier | undefined): string {
  return Buffer.from(id?.getStreamName_asU8() ?? new Uint8Array(0)).toString('utf8');
}

function identifier(name: string): StreamIdentifier {
  const id = new StreamIdentifier();
  id.setStreamName(Buffer.from(name, 'utf8'));
  return id;
}

/** Read responses are immutable once built: one per record and kind of read. */
const allReadCache = new WeakMap<LogRecord, ReadResp>();
const streamReadCache = new WeakMap<LogRecord, ReadResp>();

function eventResp(r: LogRecord, withCommitPosition: boolean): ReadResp {
  const cache = withCommitPosition ? allReadCache : streamReadCache;
  let resp = cache.get(r);
  if (!resp) {
    resp = buildEventResp(r, withCommitPosition);
    cache.set(r, resp);
  }
  return resp;
}

function buildEventResp(r: LogRecord, withCommitPosition: boolean): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent();
  const id = new UUID();
  id.setString(r.id);
  recorded.setId(id);
  recorded.setStreamIdentifier(identifier(r.stream));
  recorded.setStreamRevision(r.revision.toString());
  recorded.setPreparePosition(r.position.toString());
  recorded.setCommitPosition(r.position.toString());
  recorded
    .getMetadataMap()
    .set('type', r.type)
    .set('content-type', r.contentType)
    .set('created', r.created.toString());
  recorded.setCustomMetadata(r.metadata);
  recorded.setData(r.data);
  const event = new ReadResp.ReadEvent();
  event.setEvent(recorded);
  if (withCommitPosition) event.setCommitPosition(r.position.toString());
  else event.setNoPosition(new Empty());
  const resp = new ReadResp();
  resp.setEvent(event);
  return resp;
}

function checkpointResp(position: bigint): ReadResp {
  const checkpoint = new ReadResp.Checkpoint();
  checkpoint.setCommitPosition(position.toString());
  checkpoint.setPreparePosition(position.toString());
  const resp = new ReadResp();
  resp.setCheckpoint(checkpoint);
  return resp;
}

function status(code: Code, message: string, detail: Uint8Array, typeName: string): Status {
  const any = new Any();
  any.pack(detail, typeName);
  const s = new Status();
  s.setCode(code);
  s.setMessage(message);
  s.setDetails(any);
  return s;
}

function tooLarge(maxAppendSize: number): RequestError {
  return new RequestError(
    grpc.status.INVALID_ARGUMENT,
    `Maximum Append Size of ${maxAppendSize} Exceeded.`,
    'maximum-append-size-exceeded',
    { 'maximum-append-size': String(maxAppendSize) },
  );
}
