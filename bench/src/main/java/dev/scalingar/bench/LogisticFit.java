package dev.scalingar.bench;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Ridge-penalised logistic regression by Newton's method (iteratively reweighted least squares):
 * deterministic — the same rows give the same coefficients, bit for bit — and exact for the few
 * features a calibration has. The intercept is not penalised.
 */
final class LogisticFit {

  /** Coefficients (one per column) and the intercept; {@code iterations} Newton steps taken. */
  record Model(double[] coefficients, double intercept, int iterations) {}

  static final int MAX_ITERATIONS = 50;
  static final double TOLERANCE = 1e-10;

  private LogisticFit() {}

  /**
   * @param x rows of features (already scaled as the model will read them)
   * @param y 1 for a right image, 0 for a wrong one
   * @param ridge λ of the penalty λ/2 · |β|²
   */
  static Model fit(double[][] x, boolean[] y, double ridge) {
    int n = x.length, p = x.length == 0 ? 0 : x[0].length;
    if (n == 0) throw new IllegalArgumentException("no rows to fit");
    double[] beta = new double[p + 1]; // beta[p] = intercept
    int it = 0;
    for (; it < MAX_ITERATIONS; it++) {
      double[][] h = new double[p + 1][p + 1];
      double[] g = new double[p + 1];
      for (int i = 0; i < n; i++) {
        double z = beta[p];
        for (int j = 0; j < p; j++) z += beta[j] * x[i][j];
        double mu = sigmoid(z), w = Math.max(mu * (1 - mu), 1e-12), r = (y[i] ? 1 : 0) - mu;
        for (int a = 0; a <= p; a++) {
          double xa = a == p ? 1 : x[i][a];
          g[a] += r * xa;
          for (int b = 0; b <= a; b++) h[a][b] += w * xa * (b == p ? 1 : x[i][b]);
        }
      }
      for (int a = 0; a <= p; a++) {
        for (int b = 0; b < a; b++) h[b][a] = h[a][b];
        if (a < p) {
          h[a][a] += ridge;
          g[a] -= ridge * beta[a];
        }
      }
      RealMatrix hessian = new Array2DRowRealMatrix(h, false);
      RealVector step =
          new CholeskyDecomposition(hessian, 1e-12, 1e-14)
              .getSolver()
              .solve(new ArrayRealVector(g, false));
      double change = 0;
      for (int a = 0; a <= p; a++) {
        beta[a] += step.getEntry(a);
        change = Math.max(change, Math.abs(step.getEntry(a)));
      }
      if (change < TOLERANCE) {
        it++;
        break;
      }
    }
    double[] coefficients = java.util.Arrays.copyOf(beta, p);
    return new Model(coefficients, beta[p], it);
  }

  static double sigmoid(double z) {
    return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
  }
}
