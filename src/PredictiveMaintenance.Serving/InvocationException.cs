namespace PredictiveMaintenance.Serving;

/// <summary>A request the service refuses: its HTTP status and a message naming the field at fault.</summary>
internal sealed class InvocationException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;

    public static InvocationException BadRequest(string message) => new(400, message);
}
