package dev.cochlea.train;

/**
 * One epoch's figures.
 *
 * <pre>{@code
 * listener.onEpochEnd(new EpochResult(1, 0.9, 0.7, 0.6, 0.8, 1e-3, 4.2));
 * }</pre>
 *
 * @param epoch     1-based epoch number
 * @param trainLoss mean training loss
 * @param trainAcc  training accuracy in [0, 1]
 * @param valLoss   mean validation loss
 * @param valAcc    validation accuracy in [0, 1]
 * @param lr        learning rate used
 * @param seconds   wall time of the epoch (training and validation)
 */
public record EpochResult(int epoch, double trainLoss, double trainAcc, double valLoss, double valAcc, double lr, double seconds)
        implements java.io.Serializable {
}
