using PredictiveMaintenance.Models;
using PredictiveMaintenance.Models.Anomaly;
using PredictiveMaintenance.Models.Torch;

namespace PredictiveMaintenance.Samples.SkabAnomaly;

/// <summary>One detector configuration of the table: its features, its trainer and its threshold, the same for every file.</summary>
internal sealed record Candidate(string Name, string FeatureDescription, string ThresholdDescription, Func<FeatureMatrix, FeatureMatrix> Features, Func<FeatureMatrix, AnomalyDetector> Fit)
{
    // A trailing 30-row (about 30 s) mean per sensor: SKAB's sensors are noisy at 1 Hz, while a valve closing shifts
    // their level for minutes.
    private const int Window = 30;

    public static IReadOnlyList<Candidate> All()
    {
        Func<FeatureMatrix, FeatureMatrix> raw = m => m;
        Func<FeatureMatrix, FeatureMatrix> smoothed = m => RollingMean.Apply(m, Window);
        string rawName = "sensors", smoothedName = $"sensors, mean of {Window} s";
        ThresholdRule q99 = ThresholdRule.Quantile(0.99), max = ThresholdRule.Quantile(1);
        return
        [
            new("Isolation Forest", rawName, "quantile(0.99)", raw, x => new IsolationForestTrainer(new IsolationForestOptions { Seed = 0, Threshold = q99 }).Fit(x)),
            new("PCA T²+Q", rawName, "control limits (0.99)", raw, x => new PcaSpcTrainer(new PcaSpcOptions()).Fit(x)),
            new("Mahalanobis (MCD)", rawName, "quantile(0.99)", raw, x => new MahalanobisTrainer(new MahalanobisOptions { Seed = 0, Threshold = q99 }).Fit(x)),
            new("ML.NET randomized PCA", rawName, "quantile(0.99)", raw, x => new MLNetPcaTrainer(new MLNetPcaOptions { Seed = 0, Threshold = q99 }).Fit(x)),
            new("Isolation Forest", smoothedName, "quantile(0.99)", smoothed, x => new IsolationForestTrainer(new IsolationForestOptions { Seed = 0, Threshold = q99 }).Fit(x)),
            new("PCA T²+Q", smoothedName, "max of training", smoothed, x => new PcaSpcTrainer(new PcaSpcOptions { Threshold = max }).Fit(x)),
            new("Mahalanobis (MCD)", smoothedName, "max of training", smoothed, x => new MahalanobisTrainer(new MahalanobisOptions { Seed = 0, Threshold = max }).Fit(x)),
            new("Mahalanobis (classical)", smoothedName, "max of training", smoothed, x => new MahalanobisTrainer(new MahalanobisOptions { Robust = false, Threshold = max }).Fit(x)),
            new("ML.NET randomized PCA", smoothedName, "max of training", smoothed, x => new MLNetPcaTrainer(new MLNetPcaOptions { Seed = 0, Threshold = max }).Fit(x)),

            // The TorchSharp autoencoders read raw sensors: their windows of 30 rows do the smoothing.
            new("Conv autoencoder", rawName, "max of training", raw, x => new AutoencoderTrainer(new AutoencoderOptions { Threshold = max }).Fit(x)),
            new("LSTM autoencoder", rawName, "max of training", raw, x => new AutoencoderTrainer(new AutoencoderOptions { Architecture = AutoencoderArchitecture.Lstm, Threshold = max }).Fit(x)),
        ];
    }
}
