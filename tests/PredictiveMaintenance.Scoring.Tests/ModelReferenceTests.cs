using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Scoring.Tests;

public class ModelReferenceTests
{
    [Theory]
    [InlineData("pump/3", "pump", null, 3, null)]
    [InlineData("models:/pump/12", "pump", null, 12, null)]
    [InlineData("pump/Production", "pump", ModelStage.Production, null, null)]
    [InlineData("pump@staging", "pump", ModelStage.Staging, null, null)]
    [InlineData("models:/a.b-c@production", "a.b-c", ModelStage.Production, null, null)]
    [InlineData("pump@Champion", "pump", null, null, "champion")]
    [InlineData("models:/pump@shadow_2-b", "pump", null, null, "shadow_2-b")]
    public void Parse_EveryForm_GivesNameAndStageVersionOrAlias(string text, string name, ModelStage? stage, int? version, string? alias)
    {
        ModelReference reference = ModelReference.Parse(text);

        Assert.Equal((name, stage, version, alias), (reference.Name, reference.Stage, reference.Version, reference.Alias));
        Assert.Equal(version is null, reference.Moves);
    }

    [Theory]
    [InlineData("pump")]
    [InlineData("pump/0")]
    [InlineData("pump/Live")]
    [InlineData("/Production")]
    [InlineData("pump@3")]
    [InlineData("pump/champion")]
    [InlineData("pump@blue green")]
    [InlineData("pump@latest")]
    [InlineData("models:/pump@v2")]
    public void Parse_NotAReference_ShowsTheForms(string text)
    {
        var error = Assert.Throws<FormatException>(() => ModelReference.Parse(text));
        Assert.Equal($"'{text}' is not a model reference; write name/3 (a version), name@champion (an alias: letters, digits, '_' and '-', not a number, latest or v<n>), or name/Production or name@production (a stage: None, Staging, Production, Archived).", error.Message);
    }

    [Fact]
    public void ToString_ParsesBackToTheSameReference()
    {
        ModelReference[] references = [ModelReference.ForStage("pump", ModelStage.Production), ModelReference.ForVersion("pump", 7), ModelReference.ForAlias("pump", "Champion")];

        Assert.Equal(["pump/Production", "pump/7", "pump@champion"], references.Select(r => r.ToString()));
        Assert.Equal(references, references.Select(r => ModelReference.Parse(r.ToString())));
    }

    [Fact]
    public void ForAlias_ReservedName_IsRefusedAsTheRegistryRefusesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelReference.ForAlias("pump", "latest"));

        Assert.StartsWith("Alias 'latest' is reserved ('latest' means the newest version in MLflow).", error.Message, StringComparison.Ordinal);
        Assert.Equal(ModelStage.Staging, ModelReference.ForAlias("pump", "STAGING").Stage);
    }
}
