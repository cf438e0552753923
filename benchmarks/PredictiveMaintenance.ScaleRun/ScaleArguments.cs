using System.Globalization;

namespace PredictiveMaintenance.ScaleRun;

/// <summary>The command line of the scale run.</summary>
internal sealed record ScaleArguments(int Assets, double Days, int BatchRows, double Minutes, double MinFreeGigabytes, int SampleAssets, string? Work, bool Keep, string? Json)
{
    public static ScaleArguments Parse(string[] args)
    {
        var result = new ScaleArguments(1000, 365, 1_000_000, 0, 0, 100, null, false, null);
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            result = args[i] switch
            {
                "--assets" => result with { Assets = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--days" => result with { Days = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--batch-rows" => result with { BatchRows = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--minutes" => result with { Minutes = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--min-free-gb" => result with { MinFreeGigabytes = double.Parse(Next(), CultureInfo.InvariantCulture) },
                "--sample-assets" => result with { SampleAssets = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--work" => result with { Work = Next() },
                "--keep" => result with { Keep = true },
                "--json" => result with { Json = Next() },
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'. Arguments: --assets N --days D --batch-rows R --minutes M --min-free-gb G --sample-assets S --work DIR --keep --json FILE."),
            };
        }

        return result;
    }
}
