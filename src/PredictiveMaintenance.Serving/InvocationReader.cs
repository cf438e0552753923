using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PredictiveMaintenance.Serving;

/// <summary>
/// Reads the readings of an <c>/invocations</c> request in MLflow's forms: JSON with one of <c>dataframe_split</c>,
/// <c>dataframe_records</c>, <c>instances</c> or <c>inputs</c>, or CSV with a header row. Every refusal names the field.
/// </summary>
internal sealed class InvocationReader(ServedInputs inputs, int maxRows)
{
    private static readonly string[] JsonForms = ["dataframe_split", "dataframe_records", "instances", "inputs"];

    public List<Reading> ReadJson(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw InvocationException.BadRequest($"The body is not valid JSON: {e.Message}");
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw InvocationException.BadRequest($"The body must be a JSON object with one of {string.Join(", ", JsonForms)}; it is {Kind(root)}.");
            }

            var forms = root.EnumerateObject().Where(p => p.Name != "params").ToList();
            if (forms.Count != 1 || !JsonForms.Contains(forms[0].Name))
            {
                string found = forms.Count == 0 ? "none" : string.Join(", ", forms.Select(p => $"'{p.Name}'"));
                throw InvocationException.BadRequest($"The body must hold exactly one of {string.Join(", ", JsonForms)}; it holds {found}.");
            }

            JsonProperty form = forms[0];
            return form.Name == "dataframe_split" ? ReadSplit(form.Value) : ReadRecords(form.Value, form.Name);
        }
    }

    public List<Reading> ReadCsv(ReadOnlyMemory<byte> body)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(body.Span);
        }
        catch (DecoderFallbackException e)
        {
            throw InvocationException.BadRequest($"The CSV body is not UTF-8: byte {e.Index} is not valid.");
        }

        string[] lines = text.Split('\n');
        int count = lines.Length;
        while (count > 0 && lines[count - 1].TrimEnd('\r').Length == 0)
        {
            count--;
        }

        if (count == 0)
        {
            throw InvocationException.BadRequest($"The CSV body is empty; its first line must name the columns ({inputs.Describe()}).");
        }

        List<string> header = CsvFields(lines[0].TrimEnd('\r'), 1);
        int[] map = inputs.Map(header, "CSV line 1");
        CheckRows(count - 1);
        var readings = new List<Reading>(count - 1);
        for (int l = 1; l < count; l++)
        {
            string line = lines[l].TrimEnd('\r');
            List<string> fields = CsvFields(line, l + 1);
            if (fields.Count != header.Count)
            {
                throw InvocationException.BadRequest($"CSV line {l + 1} has {fields.Count} fields; the header has {header.Count}.");
            }

            string? asset = null;
            long time = 0;
            double[] values = NewValues();
            for (int f = 0; f < fields.Count; f++)
            {
                string field = fields[f];
                string where = $"CSV line {l + 1}, column '{header[f]}'";
                switch (map[f])
                {
                    case -2:
                        asset = field.Length > 0 ? field : throw InvocationException.BadRequest($"{where}: the asset is empty.");
                        break;
                    case -1:
                        time = inputs.TimeKind == TimeKind.UtcTimestamp ? ParseTimestamp(field, where) : ParseCycle(field, where);
                        break;
                    case int.MinValue:
                        break;
                    case int channel:
                        values[channel] = field.Length == 0 ? double.NaN
                            : double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) ? value
                            : throw InvocationException.BadRequest($"{where}: '{field}' is not a number.");
                        break;
                }
            }

            readings.Add(new Reading(asset!, time, values));
        }

        return readings;
    }

    private List<Reading> ReadSplit(JsonElement split)
    {
        if (split.ValueKind != JsonValueKind.Object)
        {
            throw InvocationException.BadRequest($"dataframe_split must be an object with 'columns' and 'data'; it is {Kind(split)}.");
        }

        if (!split.TryGetProperty("columns", out JsonElement columns) || columns.ValueKind != JsonValueKind.Array)
        {
            throw InvocationException.BadRequest("dataframe_split.columns must be an array of column names.");
        }

        if (!split.TryGetProperty("data", out JsonElement data) || data.ValueKind != JsonValueKind.Array)
        {
            throw InvocationException.BadRequest("dataframe_split.data must be an array of rows.");
        }

        if (split.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => n is not ("columns" or "data" or "index")) is { } extra)
        {
            throw InvocationException.BadRequest($"dataframe_split has an unknown member '{extra}'; it takes columns, data and index.");
        }

        var names = new List<string>();
        int i = 0;
        foreach (JsonElement column in columns.EnumerateArray())
        {
            names.Add(column.ValueKind == JsonValueKind.String ? column.GetString()! : throw InvocationException.BadRequest($"dataframe_split.columns[{i}] must be a string; it is {Kind(column)}."));
            i++;
        }

        int[] map = inputs.Map(names, "dataframe_split.columns");
        CheckRows(data.GetArrayLength());
        var readings = new List<Reading>(data.GetArrayLength());
        int r = 0;
        foreach (JsonElement row in data.EnumerateArray())
        {
            if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != names.Count)
            {
                throw InvocationException.BadRequest($"dataframe_split.data[{r}] must be an array of {names.Count} values, one per column; it is {Kind(row)}.");
            }

            string? asset = null;
            long time = 0;
            double[] values = NewValues();
            int c = 0;
            foreach (JsonElement value in row.EnumerateArray())
            {
                Assign(map[c], value, $"dataframe_split.data[{r}][{c}] (column '{names[c]}')", ref asset, ref time, values);
                c++;
            }

            readings.Add(new Reading(asset!, time, values));
            r++;
        }

        return readings;
    }

    private List<Reading> ReadRecords(JsonElement records, string form)
    {
        if (records.ValueKind != JsonValueKind.Array)
        {
            throw InvocationException.BadRequest($"{form} must be an array of records (objects of column: value); it is {Kind(records)}.");
        }

        CheckRows(records.GetArrayLength());
        var readings = new List<Reading>(records.GetArrayLength());
        int r = 0;
        foreach (JsonElement record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object)
            {
                throw InvocationException.BadRequest($"{form}[{r}] must be an object of column: value; it is {Kind(record)}.");
            }

            var names = record.EnumerateObject().Select(p => p.Name).ToList();
            int[] map = inputs.Map(names, $"{form}[{r}]");
            string? asset = null;
            long time = 0;
            double[] values = NewValues();
            int c = 0;
            foreach (JsonProperty property in record.EnumerateObject())
            {
                Assign(map[c], property.Value, $"{form}[{r}].{property.Name}", ref asset, ref time, values);
                c++;
            }

            readings.Add(new Reading(asset!, time, values));
            r++;
        }

        return readings;
    }

    private void Assign(int target, JsonElement value, string where, ref string? asset, ref long time, double[] values)
    {
        switch (target)
        {
            case -2:
                asset = value.ValueKind switch
                {
                    JsonValueKind.String when value.GetString() is { Length: > 0 } text => text,
                    JsonValueKind.Number => value.GetRawText(),
                    _ => throw InvocationException.BadRequest($"{where}: the asset must be a non-empty string or a number; it is {Kind(value)}."),
                };
                break;
            case -1:
                time = inputs.TimeKind == TimeKind.UtcTimestamp
                    ? value.ValueKind == JsonValueKind.String ? ParseTimestamp(value.GetString()!, where) : throw InvocationException.BadRequest($"{where}: the time must be an ISO 8601 string such as 2015-01-01T06:00:00Z; it is {Kind(value)}.")
                    : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long cycle) ? cycle : throw InvocationException.BadRequest($"{where}: the time must be an integer cycle; it is {Kind(value)}.");
                break;
            case int.MinValue:
                break;
            default:
                values[target] = value.ValueKind switch
                {
                    JsonValueKind.Number => value.GetDouble(),
                    JsonValueKind.Null => double.NaN,
                    _ => throw InvocationException.BadRequest($"{where}: expected a number or null; it is {Kind(value)}."),
                };
                break;
        }
    }

    private void CheckRows(int rows)
    {
        if (rows == 0)
        {
            throw InvocationException.BadRequest("The request carries no readings.");
        }

        if (rows > maxRows)
        {
            throw new InvocationException(413, FormattableString.Invariant($"The request carries {rows:N0} readings; this service takes at most {maxRows:N0} per request."));
        }
    }

    private double[] NewValues()
    {
        var values = new double[inputs.Channels.Count];
        Array.Fill(values, double.NaN);
        return values;
    }

    private static long ParseTimestamp(string text, string where) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset time)
            ? UnixTime.ToMicroseconds(time.UtcDateTime)
            : throw InvocationException.BadRequest($"{where}: '{text}' is not an ISO 8601 time such as 2015-01-01T06:00:00Z.");

    private static long ParseCycle(string text, string where) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long cycle)
            ? cycle
            : throw InvocationException.BadRequest($"{where}: '{text}' is not an integer cycle.");

    /// <summary>The fields of one CSV line (RFC 4180: a quoted field may hold commas and doubled quotes).</summary>
    private static List<string> CsvFields(string line, int number)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw InvocationException.BadRequest($"CSV line {number}: a quoted field is not closed.");
                    }

                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"')
                        {
                            field.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    field.Append(line[i++]);
                }

                if (i < line.Length && line[i] != ',')
                {
                    throw InvocationException.BadRequest($"CSV line {number}, character {i + 1}: a quoted field must end at a comma.");
                }
            }
            else
            {
                int end = line.IndexOf(',', i);
                end = end < 0 ? line.Length : end;
                field.Append(line, i, end - i);
                i = end;
            }

            fields.Add(field.ToString());
            if (i >= line.Length)
            {
                return fields;
            }

            i++;
        }
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}
