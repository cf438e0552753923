namespace PredictiveMaintenance.IO;

/// <summary>How the fields of a delimited text record are separated: one ASCII character, or runs of blanks.</summary>
public readonly record struct FieldDelimiter
{
    private FieldDelimiter(byte character) => Character = character;

    /// <summary>Fields separated by runs of spaces and tabs, with blanks at the start and end of a line ignored (C-MAPSS).</summary>
    public static FieldDelimiter Whitespace { get; } = new(0);

    /// <summary>A comma.</summary>
    public static FieldDelimiter Comma { get; } = new((byte)',');

    /// <summary>The delimiter byte, or 0 for <see cref="Whitespace"/>.</summary>
    internal byte Character { get; }

    /// <summary>Whether this is <see cref="Whitespace"/>.</summary>
    public bool IsWhitespace => Character == 0;

    /// <summary>A single-character delimiter such as <c>,</c>, <c>;</c>, <c>|</c> or a tab.</summary>
    /// <param name="character">A printable ASCII character or a tab; not a quote, letter, digit or line break.</param>
    public static FieldDelimiter Of(char character)
    {
        if (character is not ('\t' or (> ' ' and < (char)127)) || char.IsAsciiLetterOrDigit(character) || character is '"' or '.' or '-' or '+')
        {
            throw new ArgumentException($"'{character}' cannot separate fields: use a printable ASCII character other than a letter, digit, quote, '.', '+' or '-', or a tab.", nameof(character));
        }

        return new FieldDelimiter((byte)character);
    }

    /// <summary>Parses command-line text: <c>whitespace</c>, <c>tab</c> or <c>\t</c>, or one character.</summary>
    /// <param name="text">The delimiter's name or character.</param>
    public static FieldDelimiter Parse(string text)
    {
        ArgumentException.ThrowIfNullOrEmpty(text);
        return text switch
        {
            "whitespace" or "space" => Whitespace,
            "tab" or "\\t" => Of('\t'),
            "comma" => Comma,
            "semicolon" => Of(';'),
            { Length: 1 } => Of(text[0]),
            _ => throw new ArgumentException($"Unknown delimiter '{text}': use one character, 'tab' or 'whitespace'.", nameof(text)),
        };
    }

    /// <summary>A single-character delimiter.</summary>
    /// <param name="character">The character.</param>
    public static implicit operator FieldDelimiter(char character) => Of(character);

    /// <summary>Converts a character to a delimiter.</summary>
    /// <param name="character">The character.</param>
    public static FieldDelimiter FromChar(char character) => Of(character);

    /// <summary>The delimiter as text: the character, <c>tab</c> or <c>whitespace</c>.</summary>
    public override string ToString() => Character switch
    {
        0 => "whitespace",
        (byte)'\t' => "tab",
        _ => ((char)Character).ToString(),
    };
}
