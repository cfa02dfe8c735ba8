package dev.scalingar.sampler;

/**
 * One live trajectory at one step: exactly the trace columns of docs/algorithm.md (step, token, Hn,
 * m, u, stok, e, B, I, K, D, C, Cmin, R, theta, cfg scale, event) plus the trajectory index.
 * Component names follow the schemas module's TraceRecord.
 *
 * <p>NaN means "not defined yet": {@code e} before any block counts, {@code theta} before the end
 * of warm-up or for strategies without a gate. Writers map NaN to JSON null.
 *
 * @param step the 0-based step, equal to the raster position of {@code token}
 * @param cfgScale the CFG scale this step ran with
 * @param surprisal −log π(token) of the token sampled (trace v2)
 * @param cPaper the paper's uncalibrated C; equal to {@code c} when no calibration ran (trace v2)
 */
public record TraceRow(
    int trajectory,
    int step,
    int token,
    double hn,
    double m,
    double u,
    double stok,
    double e,
    double b,
    double i,
    double k,
    double d,
    double c,
    double cmin,
    double r,
    double theta,
    double cfgScale,
    double surprisal,
    double cPaper,
    TraceEvent event) {}
