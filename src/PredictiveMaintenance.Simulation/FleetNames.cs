namespace PredictiveMaintenance.Simulation;

/// <summary>The names the simulator writes, as in the Azure predictive-maintenance data.</summary>
internal static class FleetNames
{
    public static readonly string[] Channels = ["volt", "rotate", "pressure", "vibration"];
    public static readonly string[] Components = ["comp1", "comp2", "comp3", "comp4"];
    public static readonly string[] ErrorCodes = ["error1", "error2", "error3", "error4", "error5"];
    public static readonly string[] Models = ["model1", "model2", "model3", "model4"];
}
