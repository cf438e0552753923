using System.Globalization;

namespace PredictiveMaintenance.Features;

/// <summary>Reads the text form of a feature specification (grammar in <see cref="FeatureSpec.Parse(string)"/>).</summary>
internal sealed class FeatureSpecParser
{
    private const string Delimiters = "():;,=\n";
    private readonly string _text;
    private readonly string _source;
    private int _position;

    private FeatureSpecParser(string text, string source)
    {
        _text = text;
        _source = source;
    }

    private enum TokenKind
    {
        Word,
        Symbol,
        End,
    }

    public static FeatureSpec ParseSpec(string text)
    {
        var parser = new FeatureSpecParser(text, "Feature spec");
        WindowLength bucketWidth = default;
        long origin = 0;
        var features = new List<FeatureDefinition>();
        bool first = true;
        while (true)
        {
            Token token = parser.Next();
            if (token.Kind == TokenKind.End)
            {
                break;
            }

            if (token.IsSymbol(';') || token.IsSymbol('\n'))
            {
                continue;
            }

            if (token.Kind != TokenKind.Word)
            {
                throw parser.Error(token, "a channel name or tumbling(...)");
            }

            if (token.Text == "tumbling" && parser.PeekSymbol('('))
            {
                if (!first)
                {
                    throw parser.Error(token, "the tumbling(...) clause first, before any channel", found: "it after a channel");
                }

                parser.Expect('(');
                (bucketWidth, origin) = parser.ParseBuckets();
                Token after = parser.Next();
                if (after.Kind == TokenKind.End)
                {
                    break;
                }

                if (!after.IsSymbol(';') && !after.IsSymbol('\n'))
                {
                    throw parser.Error(after, "';' after the tumbling(...) clause");
                }
            }
            else
            {
                parser.Expect(':', $"after channel '{token.Text}'");
                do
                {
                    features.Add(parser.ParseFeature(token.Text, bucketWidth.Count != 0));
                }
                while (parser.TryConsume(','));

                Token end = parser.Next();
                if (end.Kind != TokenKind.End && !end.IsSymbol(';') && !end.IsSymbol('\n'))
                {
                    throw parser.Error(end, "',' before the next feature or ';' before the next channel");
                }

                if (end.Kind == TokenKind.End)
                {
                    break;
                }
            }

            first = false;
        }

        if (features.Count == 0)
        {
            throw new FeatureSpecException($"{parser._source}: no features; expected at least one 'channel: feature(...)' clause.");
        }

        return bucketWidth.Count != 0 ? FeatureSpec.CreateTumbling(bucketWidth, origin, features) : FeatureSpec.Create(features);
    }

    public static FeatureDefinition ParseExpression(string channel, string expression, bool bucketed, string source)
    {
        var parser = new FeatureSpecParser(expression, source);
        FeatureDefinition feature = parser.ParseFeature(channel, bucketed);
        Token end = parser.Next();
        return end.Kind == TokenKind.End ? feature : throw parser.Error(end, "the end of the expression");
    }

    public static long ParseOrigin(string text, string context)
    {
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime time)
            ? UnixTime.ToMicroseconds(time)
            : throw new FeatureSpecException($"{context}: '{text}' is not a UTC timestamp; expected ISO 8601 such as 2015-01-01T06:00:00Z.");
    }

    private (WindowLength Width, long Origin) ParseBuckets()
    {
        Token widthToken = ExpectWord("a bucket width such as 3h, 1d or 100 (rows)");
        if (!WindowLength.TryParse(widthToken.Text, out WindowLength width))
        {
            throw Error(widthToken, "a bucket width such as 3h, 1d or 100 (rows)");
        }

        long origin = 0;
        while (TryConsume(','))
        {
            Token name = ExpectWord("origin=...");
            if (name.Text != "origin")
            {
                throw Error(name, "origin=...");
            }

            Expect('=', "after 'origin'");
            Token value = ReadRaw(",)");
            if (value.Text.Length == 0)
            {
                throw Error(value, "a UTC timestamp such as 2015-01-01T06:00:00Z");
            }

            origin = ParseOrigin(value.Text, Where(value));
        }

        Expect(')', "after the tumbling arguments");
        return (width, origin);
    }

    private FeatureDefinition ParseFeature(string channel, bool bucketed)
    {
        Token name = ExpectWord("a feature such as mean(24h)");
        var positional = new List<Token>();
        var named = new Dictionary<string, Token>(StringComparer.Ordinal);
        if (TryConsume('('))
        {
            do
            {
                Token argument = ExpectWord("an argument");
                if (TryConsume('='))
                {
                    if (!named.TryAdd(argument.Text, ExpectWord($"a value for '{argument.Text}'")))
                    {
                        throw Error(argument, $"each argument of '{name.Text}' once", found: $"'{argument.Text}' twice");
                    }
                }
                else if (named.Count > 0)
                {
                    throw Error(argument, "named arguments after positional ones");
                }
                else
                {
                    positional.Add(argument);
                }
            }
            while (TryConsume(','));
            Expect(')', $"after the arguments of '{name.Text}'");
        }

        int? minPeriods = named.Remove("min", out Token minToken) ? ParseInt(minToken, "min=N with N at least 0", 0) : null;
        FeatureDefinition feature = name.Text switch
        {
            "lag" or "diff" when !bucketed => LagOrDiff(name, positional),
            "ewm_mean" or "ewm_var" when !bucketed => Ewm(channel, name, positional, named, minPeriods),
            "lag" or "diff" or "ewm_mean" or "ewm_var" => throw Error(name, "an aggregate (a tumbling spec has only aggregates over its buckets)"),
            _ => AggregateFeature(channel, name, positional, bucketed, minPeriods),
        };
        if (named.Count > 0)
        {
            Token unknown = named.Values.First();
            throw Error(unknown, $"no other named argument for '{name.Text}'", found: $"'{named.Keys.First()}'");
        }

        return feature;

        FeatureDefinition LagOrDiff(Token op, List<Token> arguments)
        {
            if (arguments.Count != 1 || minPeriods is not null)
            {
                throw Error(op, $"{op.Text}(k) with one number of rows");
            }

            int lag = ParseInt(arguments[0], "a number of rows, at least 1", 1);
            return op.Text == "lag" ? FeatureDefinition.Lagged(channel, lag) : FeatureDefinition.Differenced(channel, lag);
        }
    }

    private FeatureDefinition Ewm(string channel, Token op, List<Token> positional, Dictionary<string, Token> named, int? minPeriods)
    {
        (string Name, EwmDecayKind Kind)[] kinds = [("span", EwmDecayKind.Span), ("com", EwmDecayKind.CenterOfMass), ("halflife", EwmDecayKind.HalfLife), ("alpha", EwmDecayKind.Alpha)];
        var given = kinds.Where(k => named.ContainsKey(k.Name)).ToList();
        if (positional.Count > 0 || given.Count != 1)
        {
            throw Error(op, $"{op.Text}(span=N), {op.Text}(com=c), {op.Text}(halflife=h or a time span) or {op.Text}(alpha=a), exactly one");
        }

        (string argumentName, EwmDecayKind kind) = given[0];
        named.Remove(argumentName, out Token value);
        EwmDecay decay;
        if (kind == EwmDecayKind.HalfLife && WindowLength.TryParse(value.Text, out WindowLength span) && span.IsTime)
        {
            decay = EwmDecay.HalfLifeOf(span);
        }
        else
        {
            double number = ParseDouble(value, $"a number for {argumentName}");
            try
            {
                decay = EwmDecay.Of(kind, number);
            }
            catch (ArgumentOutOfRangeException)
            {
                throw Error(value, kind switch
                {
                    EwmDecayKind.Span => "a span of at least 1",
                    EwmDecayKind.CenterOfMass => "a centre of mass of at least 0",
                    EwmDecayKind.HalfLife => "a half-life above 0",
                    _ => "an alpha in (0, 1]",
                });
            }
        }

        return FeatureDefinition.Ewm(channel, op.Text == "ewm_var", decay, minPeriods);
    }

    private FeatureDefinition AggregateFeature(string channel, Token name, List<Token> positional, bool bucketed, int? minPeriods)
    {
        Aggregate aggregate;
        int windowIndex;
        if (name.Text == "quantile")
        {
            if (positional.Count == 0)
            {
                throw Error(name, bucketed ? "quantile(p) with p in [0, 1]" : "quantile(p, window) with p in [0, 1]");
            }

            double probability = ParseDouble(positional[0], "a probability in [0, 1]");
            if (!(probability >= 0 && probability <= 1))
            {
                throw Error(positional[0], "a probability in [0, 1]");
            }

            aggregate = Aggregate.Quantile(probability);
            windowIndex = 1;
        }
        else
        {
            aggregate = name.Text switch
            {
                "sum" => Aggregate.Sum,
                "mean" => Aggregate.Mean,
                "var" => Aggregate.Variance,
                "std" => Aggregate.StandardDeviation,
                "min" => Aggregate.Min,
                "max" => Aggregate.Max,
                "median" => Aggregate.Median,
                "count" => Aggregate.Count,
                "rms" => Aggregate.RootMeanSquare,
                "ptp" => Aggregate.PeakToPeak,
                "skew" => Aggregate.Skewness,
                "kurt" => Aggregate.Kurtosis,
                "slope" => Aggregate.Slope,
                _ => throw Error(name, "a feature: sum, mean, var, std, min, max, median, quantile, count, rms, ptp, skew, kurt, slope, lag, diff, ewm_mean or ewm_var"),
            };
            windowIndex = 0;
        }

        if (bucketed)
        {
            if (positional.Count != windowIndex)
            {
                throw Error(positional.Count > windowIndex ? positional[windowIndex] : name, $"no window for '{name.Text}': a tumbling spec's features use its buckets");
            }

            return FeatureDefinition.Bucketed(channel, aggregate, minPeriods);
        }

        if (positional.Count != windowIndex + 1)
        {
            throw Error(positional.Count > windowIndex + 1 ? positional[windowIndex + 1] : name, $"{name.Text}({(windowIndex == 1 ? "p, " : string.Empty)}window) with a window such as 24h or 64");
        }

        Token windowToken = positional[windowIndex];
        if (!WindowLength.TryParse(windowToken.Text, out WindowLength window))
        {
            throw Error(windowToken, "a window: a number of rows such as 64 or a time span such as 24h, 30min or 1d");
        }

        if (!window.IsTime && minPeriods > window.Count)
        {
            throw Error(windowToken, $"min={minPeriods} at most the window of {window.Count} rows");
        }

        return FeatureDefinition.Rolling(channel, aggregate, window, minPeriods);
    }

    private int ParseInt(Token token, string expected, int minimum) =>
        int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= minimum ? value : throw Error(token, expected);

    private double ParseDouble(Token token, string expected) =>
        double.TryParse(token.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value : throw Error(token, expected);

    private Token ExpectWord(string expected)
    {
        Token token = Next();
        return token.Kind == TokenKind.Word ? token : throw Error(token, expected);
    }

    private void Expect(char symbol, string? context = null)
    {
        Token token = Next();
        if (!token.IsSymbol(symbol))
        {
            throw Error(token, context is null ? $"'{symbol}'" : $"'{symbol}' {context}");
        }
    }

    private bool TryConsume(char symbol)
    {
        int saved = _position;
        if (Next().IsSymbol(symbol))
        {
            return true;
        }

        _position = saved;
        return false;
    }

    private bool PeekSymbol(char symbol)
    {
        int saved = _position;
        bool found = Next().IsSymbol(symbol);
        _position = saved;
        return found;
    }

    /// <summary>Reads text up to one of <paramref name="stops"/>, for values such as timestamps that hold ':'.</summary>
    private Token ReadRaw(string stops)
    {
        while (_position < _text.Length && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }

        int start = _position;
        while (_position < _text.Length && !stops.Contains(_text[_position], StringComparison.Ordinal) && _text[_position] != '\n')
        {
            _position++;
        }

        return new Token(TokenKind.Word, _text[start.._position].TrimEnd(), start);
    }

    private Token Next()
    {
        while (_position < _text.Length && _text[_position] != '\n' && char.IsWhiteSpace(_text[_position]))
        {
            _position++;
        }

        if (_position == _text.Length)
        {
            return new Token(TokenKind.End, string.Empty, _position);
        }

        int start = _position;
        char c = _text[_position];
        if (c == '"')
        {
            int close = _text.IndexOf('"', start + 1);
            if (close < 0)
            {
                throw new FeatureSpecException($"{Where(start)}: expected a closing '\"' for the quoted name, found the end of the text.");
            }

            _position = close + 1;
            return new Token(TokenKind.Word, _text[(start + 1)..close], start);
        }

        if (Delimiters.Contains(c, StringComparison.Ordinal))
        {
            _position++;
            return new Token(TokenKind.Symbol, c.ToString(), start);
        }

        while (_position < _text.Length && !Delimiters.Contains(_text[_position], StringComparison.Ordinal) && !char.IsWhiteSpace(_text[_position]) && _text[_position] != '"')
        {
            _position++;
        }

        return new Token(TokenKind.Word, _text[start.._position], start);
    }

    private FeatureSpecException Error(Token token, string expected, string? found = null)
    {
        found ??= token.Kind switch
        {
            TokenKind.End => "the end of the text",
            TokenKind.Symbol when token.Text == "\n" => "a line break",
            _ => $"'{token.Text}'",
        };
        return new FeatureSpecException($"{Where(token)}: expected {expected}, found {found}.");
    }

    private string Where(Token token) => Where(token.Position);

    private string Where(int position)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < position && i < _text.Length; i++)
        {
            if (_text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return string.Create(CultureInfo.InvariantCulture, $"{_source}, line {line}, column {position - lineStart + 1}");
    }

    private readonly record struct Token(TokenKind Kind, string Text, int Position)
    {
        public bool IsSymbol(char symbol) => Kind == TokenKind.Symbol && Text[0] == symbol;
    }
}
