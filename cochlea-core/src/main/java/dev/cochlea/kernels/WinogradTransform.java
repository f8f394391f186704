package dev.cochlea.kernels;

/**
 * The matrices of Winograd's minimal filtering algorithm F(m×m, r×r) for 2-D cross-correlation
 * (what a convolution layer computes): an {@code m × m} block of outputs from an
 * {@code α × α} tile of input, {@code α = m + r − 1}, as
 * {@code Y = Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A}, with {@code α²} multiplications where the direct sum takes
 * {@code m²·r²}: F(2, 3) 2.25× fewer, F(2, 5) 2.8×, F(4, 3) 4×, F(4, 5) 6.25×.
 *
 * <p>Built by the Toom-Cook construction: {@code Aᵀ} and {@code G} from the interpolation points
 * (0, ±1, then ±½, then ±2 as the tile needs, and infinity), {@code Bᵀ} solved in double precision
 * so that the product is exactly the correlation, then checked. Each matrix is also kept as sparse
 * rows (index and coefficient of every non-zero), which is how the scalar kernels apply them.
 *
 * <pre>{@code
 * WinogradTransform t = WinogradTransform.of(4, 3);   // α = 6
 * float[] u = t.transformWeights(w, 0, 32, 16, new float[36 * 32 * 16]);   // U[ξ][k][c]
 * }</pre>
 */
public final class WinogradTransform {
    private static final double[] POINTS = {0, 1, -1, 0.5, -0.5, 2, -2};
    private static final WinogradTransform F23 = new WinogradTransform(2, 3), F25 = new WinogradTransform(2, 5);
    private static final WinogradTransform F43 = new WinogradTransform(4, 3), F45 = new WinogradTransform(4, 5);

    /** Outputs per tile side. */
    public final int m;
    /** Kernel side. */
    public final int r;
    /** Tile side, {@code m + r − 1}. */
    public final int alpha;
    /** {@code Aᵀ} ({@code m × α}), {@code G} ({@code α × r}), {@code Bᵀ} ({@code α × α}), row-major. */
    final double[][] at, g, bt;
    /** Sparse rows of {@code Bᵀ}: for output row {@code a}, the columns {@code btIdx[a]} and their coefficients. */
    final int[][] btIdx;
    final float[][] btCoef;
    /** Sparse rows of {@code Aᵀ}. */
    final int[][] atIdx;
    final float[][] atCoef;

    /** The transform with {@code m × m} outputs per tile (2 or 4) for an {@code r × r} kernel (3 or 5). */
    public static WinogradTransform of(int m, int r) {
        if (m == 2 && r == 3) return F23;
        if (m == 2 && r == 5) return F25;
        if (m == 4 && r == 3) return F43;
        if (m == 4 && r == 5) return F45;
        throw new IllegalArgumentException("Winograd F(m x m, r x r): m must be 2 or 4 and r 3 or 5, got m=" + m + ", r=" + r);
    }

    /** Whether {@link #of} has a transform for this kernel side. */
    public static boolean supportsKernel(int r) {
        return r == 3 || r == 5;
    }

    private WinogradTransform(int m, int r) {
        this.m = m;
        this.r = r;
        this.alpha = m + r - 1;
        int a = alpha, M = m;
        double[] points = java.util.Arrays.copyOf(POINTS, a - 1);
        at = new double[M][a];
        g = new double[a][r];
        for (int j = 0; j < points.length; j++) {
            double p = points[j], f = 1;
            for (double q : points) if (q != p) f *= p - q;
            for (int i = 0; i < M; i++) at[i][j] = Math.pow(p, i);
            for (int k = 0; k < r; k++) g[j][k] = Math.pow(p, k) / f;
        }
        at[M - 1][a - 1] = 1;
        g[a - 1][r - 1] = 1;
        bt = solveBt();
        btIdx = new int[a][];
        btCoef = new float[a][];
        for (int i = 0; i < a; i++) sparse(bt[i], i, btIdx, btCoef);
        atIdx = new int[M][];
        atCoef = new float[M][];
        for (int i = 0; i < M; i++) sparse(at[i], i, atIdx, atCoef);
    }

    /**
     * {@code Bᵀ} such that {@code Σ_j Aᵀ[i][j]·G[j][k]·Bᵀ[j][l] = [i + k = l]}: one small least-squares
     * system per column {@code l} (exactly solvable for Toom-Cook points), solved by normal equations.
     */
    private double[][] solveBt() {
        int a = alpha, M = m, rows = M * r;
        double[][] q = new double[rows][a];
        for (int i = 0; i < M; i++) {
            for (int k = 0; k < r; k++) {
                for (int j = 0; j < a; j++) q[i * r + k][j] = at[i][j] * g[j][k];
            }
        }
        double[][] b = new double[a][a];
        for (int l = 0; l < a; l++) {
            double[][] n = new double[a][a + 1];
            for (int x = 0; x < a; x++) {
                for (int y = 0; y < a; y++) {
                    double s = 0;
                    for (int e = 0; e < rows; e++) s += q[e][x] * q[e][y];
                    n[x][y] = s;
                }
                double s = 0;
                for (int i = 0; i < M; i++) {
                    int k = l - i;
                    if (k >= 0 && k < r) s += q[i * r + k][x];
                }
                n[x][a] = s;
            }
            double[] col = gauss(n);
            for (int j = 0; j < a; j++) b[j][l] = snap(col[j]);
        }
        for (int i = 0; i < M; i++) {
            for (int k = 0; k < r; k++) {
                for (int l = 0; l < a; l++) {
                    double s = 0;
                    for (int j = 0; j < a; j++) s += at[i][j] * g[j][k] * b[j][l];
                    if (Math.abs(s - (i + k == l ? 1 : 0)) > 1e-9) {
                        throw new IllegalStateException("Winograd F(" + m + "," + r + "): transform does not reproduce the correlation");
                    }
                }
            }
        }
        return b;
    }

    /** Gaussian elimination with partial pivoting of an augmented {@code n × (n+1)} system. */
    private static double[] gauss(double[][] n) {
        int a = n.length;
        for (int p = 0; p < a; p++) {
            int best = p;
            for (int i = p + 1; i < a; i++) if (Math.abs(n[i][p]) > Math.abs(n[best][p])) best = i;
            double[] t = n[p];
            n[p] = n[best];
            n[best] = t;
            for (int i = 0; i < a; i++) {
                if (i == p) continue;
                double f = n[i][p] / n[p][p];
                for (int j = p; j <= a; j++) n[i][j] -= f * n[p][j];
            }
        }
        double[] x = new double[a];
        for (int i = 0; i < a; i++) x[i] = n[i][a] / n[i][i];
        return x;
    }

    /** Rounds away the solver's residue: the exact coefficients are multiples of 1/64. */
    private static double snap(double v) {
        double s = Math.rint(v * 64) / 64;
        return Math.abs(s - v) < 1e-9 ? s : v;
    }

    private static void sparse(double[] row, int i, int[][] idx, float[][] coef) {
        int nz = 0;
        for (double v : row) if (v != 0) nz++;
        idx[i] = new int[nz];
        coef[i] = new float[nz];
        for (int j = 0, e = 0; j < row.length; j++) {
            if (row[j] != 0) {
                idx[i][e] = j;
                coef[i][e++] = (float) row[j];
            }
        }
    }

    /**
     * The transformed weights {@code U[ξ][k][c] = (G g_{k,c} Gᵀ)[ξ]} for {@code ξ < α²}, of weights
     * {@code [k, c, r, r]} row-major from {@code wOff}; written to {@code u} (at least
     * {@code α²·k·c} floats), which is returned. Computed in double, rounded once.
     */
    public float[] transformWeights(float[] w, int wOff, int k, int c, float[] u) {
        int a = alpha;
        double[] tmp = new double[a * r];
        for (int ki = 0; ki < k; ki++) {
            for (int ci = 0; ci < c; ci++) {
                int base = wOff + (ki * c + ci) * r * r;
                for (int x = 0; x < a; x++) {
                    for (int col = 0; col < r; col++) {
                        double s = 0;
                        for (int y = 0; y < r; y++) s += g[x][y] * w[base + y * r + col];
                        tmp[x * r + col] = s;
                    }
                }
                for (int x = 0; x < a; x++) {
                    for (int y = 0; y < a; y++) {
                        double s = 0;
                        for (int col = 0; col < r; col++) s += tmp[x * r + col] * g[y][col];
                        u[((x * a + y) * k + ki) * c + ci] = (float) s;
                    }
                }
            }
        }
        return u;
    }
}
