using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Scoring.Tests;

public class ModelReferenceTests
{
    [Theory]
    [InlineData("pump/3", "pump", null, 3)]
    [InlineData("models:/pump/12", "pump", null, 12)]
    [InlineData("pump/Production", "pump", ModelStage.Production, null)]
    [InlineData("pump@staging", "pump", ModelStage.Staging, null)]
    [InlineData("models:/a.b-c@production", "a.b-c", ModelStage.Production, null)]
    public void Parse_EveryForm_GivesNameAndStageOrVersion(string text, string name, ModelStage? stage, int? version)
    {
        ModelReference reference = ModelReference.Parse(text);

        Assert.Equal((name, stage, version), (reference.Name, reference.Stage, reference.Version));
        Assert.Equal(stage is not null, reference.IsStage);
    }

    [Theory]
    [InlineData("pump")]
    [InlineData("pump/0")]
    [InlineData("pump/Live")]
    [InlineData("/Production")]
    [InlineData("pump@3")]
    public void Parse_NotAReference_ShowsTheForms(string text)
    {
        var error = Assert.Throws<FormatException>(() => ModelReference.Parse(text));
        Assert.Equal($"'{text}' is not a model reference; write name/3 (a version), name/Production or name@production (a stage: None, Staging, Production, Archived).", error.Message);
    }

    [Fact]
    public void ToString_ParsesBackToTheSameReference()
    {
        ModelReference[] references = [ModelReference.ForStage("pump", ModelStage.Production), ModelReference.ForVersion("pump", 7)];

        Assert.Equal(["pump/Production", "pump/7"], references.Select(r => r.ToString()));
        Assert.Equal(references, references.Select(r => ModelReference.Parse(r.ToString())));
    }
}
