using System.Globalization;

namespace PredictiveMaintenance.ScaleRun;

/// <summary>The command line of the distributed scale run (<c>distributed</c> as the first argument).</summary>
internal sealed record DistributedScaleArguments(int Assets, double Days, int[] Workers, int Repeats, int Shards, double PollSeconds, string Storage, string AzuriteLog, string? Work, string? Json)
{
    public static DistributedScaleArguments Parse(string[] args)
    {
        var result = new DistributedScaleArguments(10_000, 7, [0, 1, 2, 4], 3, 8, 1, "UseDevelopmentStorage=true", "", null, null);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            result = args[i] switch
            {
                "--assets" => result with { Assets = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--days" => result with { Days = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--workers" => result with { Workers = [.. Next().Split(',').Select(w => int.Parse(w, CultureInfo.InvariantCulture))] },
                "--repeats" => result with { Repeats = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--shards" => result with { Shards = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--poll-seconds" => result with { PollSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--storage" => result with { Storage = Next() },
                "--azurite-log" => result with { AzuriteLog = Next() },
                "--work" => result with { Work = Next() },
                "--json" => result with { Json = Next() },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. Arguments: distributed --azurite-log FILE [--assets N --days D --workers 0,1,2,4 --repeats R --shards S --poll-seconds P --storage CONNECTION --work DIR --json FILE]; 0 workers is a single-process pdm run."),
            };
        }

        return result.AzuriteLog.Length == 0 ? throw new ArgumentException("--azurite-log FILE is required: the debug log of the Azurite instance the run uses (azurite --debug FILE), from which the requests are counted.") : result;
    }
}
