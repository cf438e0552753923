using System.CommandLine;
using PredictiveMaintenance.Pipeline;
using PredictiveMaintenance.Tracking;

namespace PredictiveMaintenance.Cli.Commands;

/// <summary>
/// <c>pdm promote &lt;model&gt; &lt;version&gt; [--alias &lt;alias&gt;]</c>: move a version to Production, or point an alias at it, when
/// its promotion rule passes (or unconditionally with <c>--force</c>).
/// </summary>
internal static class PromoteCommand
{
    public static Command Create()
    {
        Option<FileInfo> config = PipelineCommand.ConfigOption();
        var model = new Argument<string>("model") { Description = $"The model: {BatchPipeline.AnomalyModelName} or {BatchPipeline.TimeToServiceModelName}." };
        var version = new Argument<int>("version") { Description = "The version to promote." };
        var alias = new Option<string?>("--alias") { Description = "Point this alias (such as champion) at the version instead of moving it to Production; scorers of name@alias follow it." };
        var force = new Option<bool>("--force") { Description = "Promote without comparing with the version in Production (or that the alias points at)." };
        var reason = new Option<string>("--reason") { Description = "Why, recorded with the transition.", DefaultValueFactory = _ => "promoted with pdm promote" };
        var command = new Command("promote", "Promote a model version to Production, or point an alias at it, if it beats the current one by the model's promotion rule (exit code 7 when it does not).") { config, model, version, alias, force, reason };
        command.SetAction((parse, cancellationToken) => CommandRunner.RunAsync(parse, async output =>
        {
            var registry = new ModelRegistry(await PipelineCommand.OpenStoreAsync(parse.GetValue(config)!, cancellationToken));
            string name = parse.GetValue(model)!;
            int number = parse.GetValue(version);
            string who = Environment.UserName;
            string? target = parse.GetValue(alias);
            if (parse.GetValue(force) && target is not null)
            {
                ModelVersion pointed = await registry.SetAliasAsync(name, target, number, cancellationToken);
                await output.WriteLineAsync($"{name}@{pointed.Aliases[^1]} is v{number} (forced).");
                return;
            }

            if (parse.GetValue(force))
            {
                await registry.TransitionAsync(name, number, ModelStage.Production, who, parse.GetValue(reason)!, cancellationToken);
                await output.WriteLineAsync($"{name} v{number} is in Production (forced).");
                return;
            }

            PromotionRule rule = name switch
            {
                BatchPipeline.AnomalyModelName => BatchPipeline.AnomalyPromotionRule,
                BatchPipeline.TimeToServiceModelName => BatchPipeline.TimeToServicePromotionRule,
                _ => throw new ArgumentException($"'{name}' has no promotion rule; use {BatchPipeline.AnomalyModelName}, {BatchPipeline.TimeToServiceModelName} or --force."),
            };
            PromotionDecision decision = target is null
                ? await registry.PromoteAsync(name, number, rule, who, parse.GetValue(reason)!, cancellationToken)
                : await registry.PromoteAliasAsync(name, number, target, rule, cancellationToken);
            string place = target is null ? "Production" : $"@{target.ToLowerInvariant()}";
            await output.WriteLineAsync($"{name} v{number}: {(decision.Promoted ? $"promoted to {place}" : "not promoted")}: {decision.Reason}");
            if (!decision.Promoted)
            {
                throw new PromotionRefusedException(decision.Reason);
            }
        }));
        return command;
    }
}
