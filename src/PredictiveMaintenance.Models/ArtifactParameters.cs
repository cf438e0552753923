using System.Text.Json;
using System.Text.Json.Nodes;

namespace PredictiveMaintenance.Models;

/// <summary>Reads typed fields of a model artifact's <see cref="ModelArtifact.Parameters"/>, failing with a <see cref="ModelArtifactException"/> that names the artifact, the field and what it holds.</summary>
public static class ArtifactParameters
{
    /// <summary>Reads <paramref name="field"/> as an integer.</summary>
    /// <param name="json">The parameters.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="source">The artifact's name, for messages.</param>
    /// <exception cref="ModelArtifactException">The field is missing or of another kind.</exception>
    public static int GetInt32(JsonObject json, string field, string source) =>
        json[field] is JsonValue value && value.TryGetValue(out int number) ? number : throw Invalid(field, "an integer", json[field], source);

    /// <summary>Reads <paramref name="field"/> as a number.</summary>
    /// <param name="json">The parameters.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="source">The artifact's name, for messages.</param>
    /// <exception cref="ModelArtifactException">The field is missing or of another kind.</exception>
    public static double GetDouble(JsonObject json, string field, string source) =>
        json[field] is JsonValue value && value.TryGetValue(out double number) ? number : throw Invalid(field, "a number", json[field], source);

    /// <summary>Reads <paramref name="field"/> as true or false.</summary>
    /// <param name="json">The parameters.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="source">The artifact's name, for messages.</param>
    /// <exception cref="ModelArtifactException">The field is missing or of another kind.</exception>
    public static bool GetBoolean(JsonObject json, string field, string source) =>
        json[field] is JsonValue value && value.TryGetValue(out bool flag) ? flag : throw Invalid(field, "true or false", json[field], source);

    /// <summary>Reads <paramref name="field"/> as a string.</summary>
    /// <param name="json">The parameters.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="source">The artifact's name, for messages.</param>
    /// <exception cref="ModelArtifactException">The field is missing or of another kind.</exception>
    public static string GetString(JsonObject json, string field, string source) =>
        json[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw Invalid(field, "a string", json[field], source);

    /// <summary>Reads <paramref name="field"/> as a JSON object.</summary>
    /// <param name="json">The parameters.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="source">The artifact's name, for messages.</param>
    /// <exception cref="ModelArtifactException">The field is missing or of another kind.</exception>
    public static JsonObject GetObject(JsonObject json, string field, string source) =>
        json[field] as JsonObject ?? throw Invalid(field, "an object", json[field], source);

    /// <summary>Reads <paramref name="field"/> as an array of strings.</summary>
    /// <param name="json">The parameters.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="source">The artifact's name, for messages.</param>
    /// <exception cref="ModelArtifactException">The field is missing or of another kind.</exception>
    public static string[] GetStrings(JsonObject json, string field, string source)
    {
        JsonArray array = json[field] as JsonArray ?? throw Invalid(field, "an array of strings", json[field], source);
        return [.. array.Select(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw Invalid(field, "an array of strings", json[field], source))];
    }

    /// <summary>Reads <paramref name="field"/> as an array of numbers of the expected length.</summary>
    /// <param name="json">The parameters.</param>
    /// <param name="field">The field's name.</param>
    /// <param name="expectedLength">The length the array must have.</param>
    /// <param name="source">The artifact's name, for messages.</param>
    /// <exception cref="ModelArtifactException">The field is missing or of another kind.</exception>
    public static double[] GetDoubles(JsonObject json, string field, int expectedLength, string source)
    {
        JsonArray array = json[field] as JsonArray ?? throw Invalid(field, "an array of numbers", json[field], source);
        if (array.Count != expectedLength)
        {
            throw new ModelArtifactException($"{source}: '{field}' has {array.Count} values, expected {expectedLength}.");
        }

        return [.. array.Select(n => n is JsonValue v && v.TryGetValue(out double d) ? d : throw Invalid(field, "an array of numbers", json[field], source))];
    }

    private static ModelArtifactException Invalid(string field, string expected, JsonNode? actual, string source) =>
        new($"{source}: parameter '{field}' should be {expected}, found {(actual is null ? "nothing" : actual.ToJsonString())}.");
}
