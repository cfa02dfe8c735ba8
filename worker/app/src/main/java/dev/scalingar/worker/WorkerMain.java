package dev.scalingar.worker;

import ai.djl.Device;
import dev.scalingar.engine.EngineOptions;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.worker.ops.OpsServer;
import java.nio.file.Path;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: configuration from the environment, the model loaded once (readiness only
 * after that), the runtime loop on the main thread, and a SIGTERM hook that drains.
 */
public final class WorkerMain {

  private static final Logger LOG = LoggerFactory.getLogger(WorkerMain.class);

  private static volatile boolean signalled;

  public static void main(String[] args) throws Exception {
    WorkerConfig config;
    try {
      config = WorkerConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      // A bad variable is an operator's typo, not a crash: say which, and exit as a usage error.
      System.err.println("worker: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    int code = run(config, WorkerMain::loadModel);
    // After SIGTERM the JVM is already shutting down, and System.exit would block until the drain
    // hook gave up waiting for this very thread (it did, for 75 s): just return.
    if (!signalled) {
      System.exit(code);
    }
  }

  /** Runs a worker until SIGTERM (or until {@code runtime.drain()} is called); returns the exit code. */
  public static int run(WorkerConfig config, Function<WorkerConfig, ImageModel> models) throws Exception {
    LOG.info("worker {} loading model {} on {}", config.workerId(), config.model(), config.device());
    try (ImageModel model = models.apply(config);
        WorkerRuntime runtime = new WorkerRuntime(config, model, EngineOptions.defaults(),
            ServedSampler.load(config.calibration(), model));
        OpsServer ops = new OpsServer("0.0.0.0", config.httpPort(), runtime.metrics(), runtime::live, runtime::ready)) {
      Thread loop = Thread.currentThread();
      Thread hook = new Thread(() -> {
        signalled = true;
        LOG.info("SIGTERM: draining for up to {} s", config.drainTimeout().toSeconds());
        runtime.drain();
        try {
          loop.join(config.drainTimeout().plusSeconds(15).toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "drain");
      Runtime.getRuntime().addShutdownHook(hook);
      LOG.info("worker {} ready: {} trajectory slots, ops port {}", config.workerId(), model.info().rowCapacity() / 2, ops.port());
      runtime.run();
      LOG.info("worker {} stopped", config.workerId());
    }
    return 0;
  }

  /** The served model: the shipped shapes-v1 weights, or a weights file, on the configured device. */
  static ImageModel loadModel(WorkerConfig config) {
    if (!config.model().equals("shapes-v1")) {
      throw new IllegalArgumentException("this worker build serves shapes-v1; SCALINGAR_MODEL was " + config.model());
    }
    Device device = config.device().equals("gpu") ? Device.gpu() : Device.cpu();
    return config.weights().isEmpty()
        ? dev.scalingar.model.shapes.ShapesModels.loadShipped(config.rowCapacity(), device, config.decodeGroups())
        : dev.scalingar.model.shapes.ShapesModels.load(Path.of(config.weights()), config.rowCapacity(), device,
            config.decodeGroups());
  }

  private WorkerMain() {}
}
