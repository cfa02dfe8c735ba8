package dev.scalingar.worker;

import ai.djl.Device;
import dev.scalingar.engine.model.ImageModel;
import dev.scalingar.model.ModelBenchmark;
import dev.scalingar.model.TransformerImageModel;
import dev.scalingar.model.llamagen.LlamaGenModels;
import dev.scalingar.model.shapes.ShapesModels;
import dev.scalingar.worker.ops.OpsServer;
import dev.scalingar.worker.testhook.NanPromptHook;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker process: configuration from the environment, the served models loaded once (readiness
 * only after that), the runtime loop on the main thread, and a SIGTERM hook that drains.
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
    java.util.Optional<String> poison;
    try {
      poison =
          NanPromptHook.fromEnvironment(
              System.getenv(), config.bootstrapServers(), config.device());
    } catch (IllegalArgumentException e) {
      System.err.println("worker: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    int code =
        run(
            config,
            poison
                .<BiFunction<WorkerConfig, String, ImageModel>>map(
                    p -> {
                      LOG.warn(
                          "TEST HOOK: jobs with prompt '{}' get NaN logits ({})",
                          p,
                          NanPromptHook.VARIABLE);
                      return (c, name) -> NanPromptHook.wrap(loadModel(c, name), p);
                    })
                .orElse(WorkerMain::loadModel));
    // After SIGTERM the JVM is already shutting down, and System.exit would block until the drain
    // hook gave up waiting for this very thread (it did, for 75 s): just return.
    if (!signalled) {
      System.exit(code);
    }
  }

  /**
   * Runs a worker until SIGTERM (or until {@code runtime.drain()} is called); returns the exit
   * code.
   *
   * @param models loads a served model by name (the worker's config says which, and from where)
   */
  public static int run(WorkerConfig config, BiFunction<WorkerConfig, String, ImageModel> models)
      throws Exception {
    List<ServedModel> served = new ArrayList<>();
    try {
      for (String name : config.models()) {
        LOG.info("worker {} loading model {} on {}", config.workerId(), name, config.device());
        ImageModel model = models.apply(config, name);
        served.add(new ServedModel(name, model, ServedSampler.load(config.calibration(), model)));
      }
      return run(config, served);
    } finally {
      served.forEach(ServedModel::close);
    }
  }

  private static int run(WorkerConfig config, List<ServedModel> served) throws Exception {
    try (WorkerRuntime runtime = new WorkerRuntime(config, served);
        OpsServer ops =
            new OpsServer(
                "0.0.0.0", config.httpPort(), runtime.metrics(), runtime::live, runtime::ready)) {
      Thread loop = Thread.currentThread();
      Thread hook =
          new Thread(
              () -> {
                signalled = true;
                LOG.info("SIGTERM: draining for up to {} s", config.drainTimeout().toSeconds());
                runtime.drain();
                try {
                  loop.join(config.drainTimeout().plusSeconds(15).toMillis());
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "drain");
      // ImageIO's default file cache registers a shutdown hook on its first PNG: a worker whose
      // first job finished during SIGTERM's drain failed it with "Shutdown in progress" (chaos
      // worker-sigterm). The images are small; an in-memory cache is also faster.
      ImageIO.setUseCache(false);
      Runtime.getRuntime().addShutdownHook(hook);
      for (ServedModel m : served) {
        LOG.info(
            "worker {} ready: {} serves {} trajectory slots",
            config.workerId(),
            m.name(),
            m.model().info().rowCapacity() / 2);
      }
      LOG.info("worker {} ready: ops port {}", config.workerId(), ops.port());
      runtime.run();
      if (runtime.fatal().isPresent()) {
        // Drained and stopped on its own: non-zero, so the supervisor (Kubernetes, ./scalingar up)
        // restarts it.
        LOG.error(
            "worker {} stopped on a fatal failure: {}",
            config.workerId(),
            runtime.fatal().get().detail());
        return 1;
      }
      LOG.info("worker {} stopped", config.workerId());
    }
    return 0;
  }

  /**
   * A served model on the configured device: a ShapesWorld model from its shipped weights or a
   * weights file, or a LlamaGen model ({@code llamagen-…}) from the folder of converted files that
   * SCALINGAR_MODEL_WEIGHTS names ({@code ./scalingar convert llamagen}), hashes checked.
   */
  static ImageModel loadModel(WorkerConfig config, String name) {
    TransformerImageModel model = loadTransformer(config, name);
    if (config.measureDecodeGroups()) {
      ModelBenchmark.DecodeCost fit = model.fitPlanner();
      model.planWith(fit.groups());
      LOG.info(
          "{}: decode planner fitted to this node: {} ({} ms per call, {} ms per trajectory, {} ms"
              + " per trajectory-position, R² {})",
          name,
          fit.groups().spec(),
          fit.fixedMs(),
          fit.perTrajectoryMs(),
          fit.perPositionMs(),
          fit.r2());
    }
    return model;
  }

  private static TransformerImageModel loadTransformer(WorkerConfig config, String name) {
    Device device = config.device().equals("gpu") ? Device.gpu() : Device.cpu();
    if (name.startsWith(LlamaGenModels.MODEL_PREFIX)) {
      String dir =
          config
              .weightsOf(name)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          name
                              + " has no shipped weights: set SCALINGAR_MODEL_WEIGHTS to the folder ./scalingar convert llamagen wrote"));
      return LlamaGenModels.load(
          Path.of(dir),
          config.rowCapacity(),
          device,
          config.decodeGroups(),
          LlamaGenModels.Options.defaults().withName(name));
    }
    if (!ShapesModels.NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "this worker build serves "
              + String.join(", ", ShapesModels.NAMES)
              + " and llamagen-* models; SCALINGAR_MODEL named "
              + name);
    }
    return config
        .weightsOf(name)
        .map(
            file ->
                ShapesModels.expect(
                    name,
                    ShapesModels.load(
                        Path.of(file), config.rowCapacity(), device, config.decodeGroups())))
        .orElseGet(
            () ->
                ShapesModels.loadShipped(
                    name, config.rowCapacity(), device, config.decodeGroups()));
  }

  private WorkerMain() {}
}
