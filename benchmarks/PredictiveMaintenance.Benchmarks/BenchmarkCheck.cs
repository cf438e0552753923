using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using BenchmarkDotNet.Attributes;
using PredictiveMaintenance.Joins;
using PredictiveMaintenance.Scoring;

namespace PredictiveMaintenance.Benchmarks;

/// <summary>The value <c>--check</c> gives a numeric <c>[Params]</c> property instead of its smallest benchmarked one, so that the check takes seconds.</summary>
/// <param name="value">The small value.</param>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class CheckSizeAttribute(int value) : Attribute
{
    /// <summary>The small value.</summary>
    public int Value { get; } = value;
}

/// <summary>
/// <c>--check</c>: runs every <c>[Benchmark]</c> method of every benchmark class once, on small data and without
/// BenchmarkDotNet's measurement, so that CI notices a benchmark that throws or whose contenders stop agreeing.
/// </summary>
/// <remarks>
/// <para>
/// Each case (class, parameter values, method) gets its own instance, as under BenchmarkDotNet: the parameters are set,
/// then the <c>[GlobalSetup]</c> and <c>[IterationSetup]</c> that target the method (or target none) run, the method runs
/// once, then the cleanups. A numeric <c>[Params]</c> or <c>[ParamsSource]</c> member takes its
/// <see cref="CheckSizeAttribute"/> value, or else its smallest value; any other (a statistic's name) takes each of its
/// values. A method with <c>[Arguments]</c> gets the first set.
/// </para>
/// <para>
/// Within one class, parameter set and <c>[BenchmarkCategory]</c>, methods whose results are of the same kind (a number,
/// an array of doubles, a <see cref="TelemetryTable"/>) must agree with the baseline's result (or the first method's when
/// the baseline's is of another kind) within <see cref="FeaturesBenchmarkSupport.AssertSame"/>'s tolerance: 1e-9
/// relative, NaN equal to NaN. Every result must be present: a finite number, an array with a finite value, a table with
/// rows. Contenders that write into a shared buffer (the Features kernels) are compared by their class's
/// <c>[GlobalSetup]</c>, which the check runs.
/// </para>
/// </remarks>
internal static class BenchmarkCheck
{
    /// <summary>Checks the benchmark classes whose names contain one of <paramref name="classFilters"/> (every class when there are none).</summary>
    /// <param name="classFilters">Parts of class names; empty for every class.</param>
    /// <param name="output">Where the progress, each failure and the summary go.</param>
    /// <returns>0 when every case ran and every comparison agreed, 1 otherwise.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> classFilters, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        Type[] classes = [.. typeof(BenchmarkCheck).Assembly.GetTypes()
            .Where(t => t.IsPublic && !t.IsAbstract && BenchmarkMethods(t).Length > 0)
            .Where(t => classFilters.Count == 0 || classFilters.Any(f => t.Name.Contains(f, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(t => t.Name, StringComparer.Ordinal)];
        if (classes.Length == 0)
        {
            await output.WriteLineAsync($"--check: no benchmark class name contains {string.Join(" or ", classFilters.Select(f => $"'{f}'"))}.");
            return 1;
        }

        int cases = 0, comparisons = 0, failures = 0;
        foreach (Type type in classes)
        {
            foreach (Parameters parameters in ParameterSets(type))
            {
                var started = Stopwatch.StartNew();
                var results = new List<(MethodInfo Method, object? Result)>();
                var problems = new List<string>();
                foreach (MethodInfo method in BenchmarkMethods(type))
                {
                    cases++;
                    try
                    {
                        object? result = await RunOnceAsync(type, method, parameters);
                        CheckPresent(method, result);
                        results.Add((method, result));
                    }
                    catch (Exception e)
                    {
                        problems.Add($"{type.Name}.{method.Name}({parameters}): {e.GetType().Name}: {e.Message}");
                    }
                }

                var compared = new List<string>();
                foreach (var group in results.Where(r => Kind(r.Result) is not null).GroupBy(r => (Category(r.Method), Kind(r.Result))))
                {
                    (MethodInfo reference, object? expected) = group.FirstOrDefault(r => r.Method.GetCustomAttribute<BenchmarkAttribute>()!.Baseline, group.First());
                    foreach ((MethodInfo method, object? actual) in group.Where(r => r.Method != reference))
                    {
                        comparisons++;
                        try
                        {
                            AssertSame($"{type.Name}.{method.Name}({parameters}) against {reference.Name}", expected!, actual!);
                            compared.Add($"{method.Name} = {reference.Name} ({Kind(actual)})");
                        }
                        catch (InvalidOperationException e)
                        {
                            problems.Add(e.Message);
                        }
                    }
                }

                failures += problems.Count;
                string agreed = compared.Count == 0 ? "nothing to compare" : string.Join(", ", compared);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{(problems.Count == 0 ? "ok  " : "FAIL")} {type.Name}({parameters}): {results.Count} of {BenchmarkMethods(type).Length} methods ran; {agreed} [{started.Elapsed.TotalSeconds:F1} s]"));
                foreach (string problem in problems)
                {
                    await output.WriteLineAsync($"     {problem}");
                }
            }
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"--check: {cases} cases of {classes.Length} classes, {comparisons} comparisons, {failures} failures, {clock.Elapsed.TotalSeconds:F1} s."));
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The class's <c>[Benchmark]</c> methods in declaration order.</summary>
    private static MethodInfo[] BenchmarkMethods(Type type) =>
        [.. type.GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null).OrderBy(m => m.MetadataToken)];

    /// <summary>The method's <c>[BenchmarkCategory]</c> names, empty when it has none.</summary>
    private static string Category(MethodInfo method) => string.Join(",", method.GetCustomAttribute<BenchmarkCategoryAttribute>()?.Categories ?? []);

    /// <summary>Sets up, runs the method once, and cleans up, as one BenchmarkDotNet case does around its iterations; returns the result as <see cref="Comparable"/> makes it.</summary>
    private static async Task<object?> RunOnceAsync(Type type, MethodInfo method, Parameters parameters)
    {
        object instance = Activator.CreateInstance(type)!;
        parameters.Apply(instance);
        await InvokeAsync(instance, Hook<GlobalSetupAttribute>(type, method), []);
        try
        {
            await InvokeAsync(instance, Hook<IterationSetupAttribute>(type, method), []);
            object? result = Comparable(await InvokeAsync(instance, method, method.GetCustomAttributes<ArgumentsAttribute>().FirstOrDefault()?.Values ?? []));
            await InvokeAsync(instance, Hook<IterationCleanupAttribute>(type, method), []);
            return result;
        }
        finally
        {
            await InvokeAsync(instance, Hook<GlobalCleanupAttribute>(type, method), []);
        }
    }

    /// <summary>The setup or cleanup method BenchmarkDotNet would run around <paramref name="benchmark"/>: the one targeting it, else the one targeting none.</summary>
    private static MethodInfo? Hook<T>(Type type, MethodInfo benchmark)
        where T : TargetedAttribute
    {
        (MethodInfo Method, T Attribute)[] hooks = [.. type.GetMethods().Select(m => (m, m.GetCustomAttribute<T>()!)).Where(h => h.Item2 is not null)];
        return hooks.FirstOrDefault(h => h.Attribute.Targets?.Contains(benchmark.Name) == true).Method
            ?? hooks.FirstOrDefault(h => h.Attribute.Targets is null or { Length: 0 }).Method;
    }

    /// <summary>Invokes a method (nothing when null), awaiting a task; returns what it returned or the task's result, or null for none.</summary>
    private static async Task<object?> InvokeAsync(object instance, MethodInfo? method, object?[] arguments)
    {
        if (method is null)
        {
            return null;
        }

        object? returned = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, null, arguments, CultureInfo.InvariantCulture);
        if (returned is not Task task)
        {
            return returned;
        }

        await task;
        return method.ReturnType.IsGenericType ? method.ReturnType.GetProperty(nameof(Task<int>.Result))!.GetValue(task) : null;
    }

    /// <summary>
    /// A result as it is compared: numbers as doubles, arrays copied (they may be buffers the next case overwrites), the
    /// results of the training-set and scoring APIs as the table or values their baselines return; anything else is
    /// disposed and stands for itself.
    /// </summary>
    private static object? Comparable(object? result)
    {
        switch (result)
        {
            case int or long or double:
                return Convert.ToDouble(result, CultureInfo.InvariantCulture);
            case double[] values:
                return values.Clone();
            case TrainingSet trainingSet:
                return trainingSet.Table;
            case ScoringResult scoring:
                return scoring.Values.ToArray();
            case IDisposable disposable:
                disposable.Dispose();
                return result;
            default:
                return result;
        }
    }

    /// <summary>What a result is compared as, or null when it is not compared (a record batch, a stream, a data frame).</summary>
    private static string? Kind(object? result) => result switch
    {
        double => "number",
        double[] => "values",
        TelemetryTable => "table",
        _ => null,
    };

    /// <summary>Throws unless a method that returns something returned something: a finite number, an array with a finite value, a table with rows.</summary>
    private static void CheckPresent(MethodInfo method, object? result)
    {
        bool returnsNothing = method.ReturnType == typeof(void) || method.ReturnType == typeof(Task);
        string? missing = result switch
        {
            null when !returnsNothing => "returned null",
            double number when !double.IsFinite(number) => $"returned {number}",
            double[] values when !values.Any(double.IsFinite) => $"returned {values.Length} values, none finite",
            TelemetryTable { RowCount: 0 } => "returned a table without rows",
            _ => null,
        };
        if (missing is not null)
        {
            throw new InvalidOperationException(missing);
        }
    }

    /// <summary>Throws, naming <paramref name="what"/>, unless two results of one kind agree within the tolerance.</summary>
    private static void AssertSame(string what, object expected, object actual)
    {
        switch ((expected, actual))
        {
            case (double e, double a):
                FeaturesBenchmarkSupport.AssertSame(what, [e], [a]);
                break;
            case (double[] e, double[] a):
                FeaturesBenchmarkSupport.AssertSame(what, e, a);
                break;
            case (TelemetryTable e, TelemetryTable a):
                if (!e.Schema.Equals(a.Schema) || !e.AssetIds.SequenceEqual(a.AssetIds) || !e.Times.SequenceEqual(a.Times))
                {
                    throw new InvalidOperationException($"{what}: the tables differ in schema ([{a.Schema}], expected [{e.Schema}]), assets ({a.AssetCount}, expected {e.AssetCount}) or times ({a.RowCount} rows, expected {e.RowCount}).");
                }

                for (int c = 0; c < e.Schema.Channels.Count; c++)
                {
                    FeaturesBenchmarkSupport.AssertSame($"{what}, column '{e.Schema.Channels[c].Name}'", e.GetChannel(c), a.GetChannel(c));
                }

                break;
            default:
                // Results are grouped by Kind, so only the kinds above meet here.
                throw new UnreachableException($"{what}: {expected.GetType().Name} results are not compared.");
        }
    }

    /// <summary>Every combination of the values <c>--check</c> gives the class's parameters (one empty set when it has none).</summary>
    private static IEnumerable<Parameters> ParameterSets(Type type)
    {
        IEnumerable<Parameters> sets = [new Parameters([])];
        object? instance = null;
        foreach (MemberInfo member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance).OrderBy(m => m.MetadataToken))
        {
            object?[]? values = member.GetCustomAttribute<ParamsAttribute>()?.Values;
            if (member.GetCustomAttribute<ParamsSourceAttribute>() is { } source)
            {
                MemberInfo provider = type.GetMember(source.Name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static).Single();
                instance ??= Activator.CreateInstance(type);
                object? provided = provider switch
                {
                    PropertyInfo p => p.GetValue(instance),
                    FieldInfo f => f.GetValue(instance),
                    _ => ((MethodInfo)provider).Invoke(instance, null),
                };
                values = [.. ((System.Collections.IEnumerable)provided!).Cast<object?>()];
            }

            if (values is null)
            {
                continue;
            }

            object?[] chosen = member.GetCustomAttribute<CheckSizeAttribute>() is { } size ? [size.Value]
                : values.All(v => v is int or long or double) ? [values.MinBy(v => Convert.ToDouble(v, CultureInfo.InvariantCulture))]
                : values;
            sets = [.. sets.SelectMany(set => chosen.Select(value => set.With(member, value)))];
        }

        return sets;
    }

    /// <summary>Values for a benchmark class's parameter members.</summary>
    private sealed record Parameters(IReadOnlyList<(MemberInfo Member, object? Value)> Values)
    {
        /// <summary>These values and one more.</summary>
        public Parameters With(MemberInfo member, object? value) => new([.. Values, (member, value)]);

        /// <summary>Sets the members of a new benchmark instance.</summary>
        public void Apply(object instance)
        {
            foreach ((MemberInfo member, object? value) in Values)
            {
                if (member is PropertyInfo property)
                {
                    property.SetValue(instance, value);
                }
                else
                {
                    ((FieldInfo)member).SetValue(instance, value);
                }
            }
        }

        /// <summary>The values as the check names a case: <c>Length=100000, Window=64</c>.</summary>
        public override string ToString() => string.Join(", ", Values.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Member.Name}={v.Value}")));
    }
}
