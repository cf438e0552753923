namespace PredictiveMaintenance.Cli.Tests;

/// <summary>A fact that needs Linux (its /proc file system); skipped, with the reason, elsewhere.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Needs Linux: it reads /proc/self/mem to make the machine fail a read.";
        }
    }
}
