import * as koffi from 'koffi';

export interface MockTopic {
  name: string;
  partitions: number;
  /** Defaults to min(3, brokers), like the mock's auto-created topics. */
  replicationFactor?: number;
}

export interface KafkaMockOptions {
  /** Number of brokers, with ids 1..N. Default 1. */
  brokers?: number;
  /** Created before start() returns, so clients never race the topic into existence. */
  topics?: MockTopic[];
}

const LIBRARY_ENV = 'KAFKA_MOCK_LIBRDKAFKA';
const RD_KAFKA_PRODUCER = 0;
const RD_KAFKA_CONF_OK = 0;
const RD_KAFKA_RESP_ERR_NO_ERROR = 0;
const ERRSTR_SIZE = 512;

/** koffi 3 passes C pointers as BigInts (NULL as null). */
type Pointer = bigint;

/** The slice of rdkafka.h and rdkafka_mock.h used here; ints are rd_kafka_resp_err_t unless noted. */
interface Librdkafka {
  confNew(): Pointer;
  /** Returns rd_kafka_conf_res_t. */
  confSet(conf: Pointer, name: string, value: string, errstr: Buffer, errstrSize: number): number;
  confDestroy(conf: Pointer): void;
  kafkaNew(type: number, conf: Pointer, errstr: Buffer, errstrSize: number): Pointer | null;
  kafkaDestroy(rk: Pointer): void;
  err2str(err: number): string;
  clusterNew(rk: Pointer, brokers: number): Pointer | null;
  clusterDestroy(mcluster: Pointer): void;
  bootstraps(mcluster: Pointer): string;
  topicCreate(mcluster: Pointer, topic: string, partitions: number, replicationFactor: number): number;
  brokerSetDown(mcluster: Pointer, brokerId: number): number;
  brokerSetUp(mcluster: Pointer, brokerId: number): number;
  brokerSetRtt(mcluster: Pointer, brokerId: number, ms: number): number;
  pushRequestErrors(mcluster: Pointer, apiKey: number, count: number, errors: Int32Array): void;
}

// Anonymous handle types: bind() runs once per library path loaded, and koffi rejects a type name
// registered twice.
function bind(lib: koffi.LibraryHandle): Librdkafka {
  const rk = koffi.pointer(koffi.opaque());
  const conf = koffi.pointer(koffi.opaque());
  const mcluster = koffi.pointer(koffi.opaque());
  return {
    confNew: lib.func('rd_kafka_conf_new', conf, []),
    confSet: lib.func('rd_kafka_conf_set', 'int', [conf, 'str', 'str', 'char *', 'size_t']),
    confDestroy: lib.func('rd_kafka_conf_destroy', 'void', [conf]),
    kafkaNew: lib.func('rd_kafka_new', rk, ['int', conf, 'char *', 'size_t']),
    kafkaDestroy: lib.func('rd_kafka_destroy', 'void', [rk]),
    err2str: lib.func('rd_kafka_err2str', 'str', ['int']),
    clusterNew: lib.func('rd_kafka_mock_cluster_new', mcluster, [rk, 'int']),
    clusterDestroy: lib.func('rd_kafka_mock_cluster_destroy', 'void', [mcluster]),
    bootstraps: lib.func('rd_kafka_mock_cluster_bootstraps', 'str', [mcluster]),
    topicCreate: lib.func('rd_kafka_mock_topic_create', 'int', [mcluster, 'str', 'int', 'int']),
    brokerSetDown: lib.func('rd_kafka_mock_broker_set_down', 'int', [mcluster, 'int32_t']),
    brokerSetUp: lib.func('rd_kafka_mock_broker_set_up', 'int', [mcluster, 'int32_t']),
    brokerSetRtt: lib.func('rd_kafka_mock_broker_set_rtt', 'int', [mcluster, 'int32_t', 'int']),
    // The _array variant spares us calling the variadic rd_kafka_mock_push_request_errors through FFI.
    pushRequestErrors: lib.func('rd_kafka_mock_push_request_errors_array', 'void', [
      mcluster,
      'int16_t',
      'size_t',
      'int *',
    ]),
  };
}

const loaded = new Map<string, Librdkafka>();

function libraryCandidates(): string[] {
  const override = process.env[LIBRARY_ENV];
  if (override) return [override];
  // Homebrew's lib directories are not on macOS's default dlopen search path.
  if (process.platform === 'darwin') {
    return ['librdkafka.1.dylib', '/opt/homebrew/lib/librdkafka.1.dylib', '/usr/local/lib/librdkafka.1.dylib'];
  }
  return ['librdkafka.so.1'];
}

function loadLibrdkafka(): Librdkafka {
  const failures: string[] = [];
  for (const path of libraryCandidates()) {
    try {
      const lib = loaded.get(path) ?? bind(koffi.load(path));
      loaded.set(path, lib);
      return lib;
    } catch (error) {
      failures.push(`  ${path}: ${(error as Error).message}`);
    }
  }
  throw new Error(
    [
      'The Kafka test broker needs librdkafka (its built-in mock cluster), but it could not be loaded:',
      ...failures,
      'Install it:',
      '  Debian/Ubuntu: sudo apt-get install -y --no-install-recommends librdkafka1',
      '  macOS: brew install librdkafka',
      `or set ${LIBRARY_ENV} to the library file (librdkafka.so.1; librdkafka.1.dylib on macOS).`,
    ].join('\n'),
  );
}

/** Throws an Error saying what is missing and how to install it when librdkafka cannot be loaded. */
export function assertLibrdkafkaAvailable(): void {
  loadLibrdkafka();
}

function createClientHandle(lib: Librdkafka): Pointer {
  const errstr = Buffer.alloc(ERRSTR_SIZE);
  const readError = () => errstr.toString('utf8', 0, Math.max(0, errstr.indexOf(0)));
  const conf = lib.confNew();
  // The handle exists only to host the mock; syslog level 0 keeps librdkafka from writing to stderr.
  if (lib.confSet(conf, 'log_level', '0', errstr, ERRSTR_SIZE) !== RD_KAFKA_CONF_OK) {
    lib.confDestroy(conf);
    throw new Error(`rd_kafka_conf_set(log_level) failed: ${readError()}`);
  }
  const rk = lib.kafkaNew(RD_KAFKA_PRODUCER, conf, errstr, ERRSTR_SIZE);
  if (!rk) {
    lib.confDestroy(conf); // rd_kafka_new only takes ownership of conf on success
    throw new Error(`rd_kafka_new failed: ${readError()}`);
  }
  return rk;
}

// Clusters not stopped explicitly are destroyed on exit, so librdkafka threads are joined
// before Node tears the process down. The hook is only registered while clusters are live.
const liveClusters = new Set<KafkaMockCluster>();
const stopLiveClusters = (): void => liveClusters.forEach((cluster) => cluster.stop());

function track(cluster: KafkaMockCluster): void {
  if (liveClusters.size === 0) process.on('exit', stopLiveClusters);
  liveClusters.add(cluster);
}

function untrack(cluster: KafkaMockCluster): void {
  liveClusters.delete(cluster);
  if (liveClusters.size === 0) process.off('exit', stopLiveClusters);
}

/**
 * A Kafka-protocol broker cluster for tests: librdkafka's mock cluster, hosted in this process
 * through FFI. Listeners bind random 127.0.0.1 ports; each cluster owns its own rd_kafka_t handle.
 */
export class KafkaMockCluster {
  readonly bootstrapServers: string;
  readonly brokerIds: number[];
  private handles: { rk: Pointer; mcluster: Pointer } | undefined;

  private constructor(
    private readonly lib: Librdkafka,
    rk: Pointer,
    mcluster: Pointer,
    brokers: number,
  ) {
    this.handles = { rk, mcluster };
    this.bootstrapServers = lib.bootstraps(mcluster);
    this.brokerIds = Array.from({ length: brokers }, (_, i) => i + 1);
  }

  static start(options: KafkaMockOptions = {}): KafkaMockCluster {
    const brokers = options.brokers ?? 1;
    if (!Number.isInteger(brokers) || brokers < 1)
      throw new RangeError(`brokers must be a positive integer, got ${brokers}`);
    const lib = loadLibrdkafka();
    const rk = createClientHandle(lib);
    const mcluster = lib.clusterNew(rk, brokers);
    if (!mcluster) {
      lib.kafkaDestroy(rk);
      throw new Error('rd_kafka_mock_cluster_new failed');
    }
    const cluster = new KafkaMockCluster(lib, rk, mcluster, brokers);
    track(cluster);
    try {
      for (const topic of options.topics ?? [])
        cluster.createTopic(topic.name, topic.partitions, topic.replicationFactor);
    } catch (error) {
      cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** The mock has no CreateTopics API, so tests create topics here (auto-creation would give 4 partitions). */
  createTopic(name: string, partitions: number, replicationFactor = Math.min(3, this.brokerIds.length)): void {
    this.check(this.lib.topicCreate(this.mcluster, name, partitions, replicationFactor), `create topic ${name}`);
  }

  /** Drops the broker's connections and refuses new ones; partition leadership does not move. */
  setBrokerDown(brokerId: number): void {
    this.check(this.lib.brokerSetDown(this.mcluster, brokerId), `set broker ${brokerId} down`);
  }

  setBrokerUp(brokerId: number): void {
    this.check(this.lib.brokerSetUp(this.mcluster, brokerId), `set broker ${brokerId} up`);
  }

  setAllBrokersDown(): void {
    this.brokerIds.forEach((id) => this.setBrokerDown(id));
  }

  setAllBrokersUp(): void {
    this.brokerIds.forEach((id) => this.setBrokerUp(id));
  }

  /**
   * Makes the next requests with this ApiKey (0 Produce, 1 Fetch, 3 Metadata, ...) fail with the
   * given Kafka error codes, one per request, on whichever broker receives them.
   */
  pushRequestErrors(apiKey: number, errors: number[]): void {
    this.lib.pushRequestErrors(this.mcluster, apiKey, errors.length, Int32Array.from(errors));
  }

  /** Delays every response from this broker by `ms`. */
  setBrokerRtt(brokerId: number, ms: number): void {
    this.check(this.lib.brokerSetRtt(this.mcluster, brokerId, ms), `set broker ${brokerId} rtt`);
  }

  /** Idempotent. Closes all client connections; the cluster cannot be used afterwards. */
  stop(): void {
    if (!this.handles) return;
    const { rk, mcluster } = this.handles;
    this.handles = undefined;
    untrack(this);
    this.lib.clusterDestroy(mcluster);
    this.lib.kafkaDestroy(rk);
  }

  private get mcluster(): Pointer {
    if (!this.handles) throw new Error('KafkaMockCluster is stopped');
    return this.handles.mcluster;
  }

  private check(err: number, action: string): void {
    if (err !== RD_KAFKA_RESP_ERR_NO_ERROR)
      throw new Error(`Kafka mock: cannot ${action}: ${this.lib.err2str(err)} (${err})`);
  }
}
