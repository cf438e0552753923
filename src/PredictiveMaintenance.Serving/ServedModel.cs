using PredictiveMaintenance.Scoring;

namespace PredictiveMaintenance.Serving;

/// <summary>One loaded version and the request columns it reads, swapped as one so that a request is scored wholly by one version.</summary>
internal sealed record ServedModel(ModelScorer Scorer, ServedInputs Inputs)
{
    public static ServedModel Of(ModelScorer scorer) => new(scorer, new ServedInputs(scorer));
}
