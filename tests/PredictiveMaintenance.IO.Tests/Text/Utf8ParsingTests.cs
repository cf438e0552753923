using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace PredictiveMaintenance.IO.Tests.Text;

public class Utf8ParsingTests
{
    private static readonly string[] Formats = ["R", "G17", "G15", "G6", "F0", "F3", "F15", "E3", "E16", "0.0000000000000000000000###"];

    [Property(MaxTest = 2000)]
    public Property TryParseDouble_AnyFormattedDouble_EqualsBclBitForBit()
    {
        Gen<double> values = Gen.OneOf(
            ArbMap.Default.GeneratorFor<double>(),
            Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1000.0),
            Gen.Elements(0.0, -0.0, double.Epsilon, double.MaxValue, double.MinValue, 1e-300, 9007199254740993.0, 0.1, 123456789012345678.0));
        return Prop.ForAll(Gen.Zip(values, Gen.Elements(Formats)).ToArbitrary(), pair =>
        {
            string text = pair.Item1.ToString(pair.Item2, CultureInfo.InvariantCulture);
            bool expectedOk = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected);
            bool ok = Utf8Parsing.TryParseDouble(Encoding.UTF8.GetBytes(text), out double actual);
            return (ok == expectedOk && BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(expected))
                .Label($"'{text}': {actual:R} vs {expected:R}");
        });
    }

    [Property(MaxTest = 2000)]
    public Property TryParseDouble_RandomDigitStrings_EqualsBcl()
    {
        Gen<string> digits = Gen.Elements("0", "1", "5", "9").ArrayOf().Select(a => string.Concat(a));
        Gen<string> text =
            from sign in Gen.Elements("", "-", "+")
            from whole in digits
            from point in Gen.Elements("", ".")
            from fraction in digits
            from exponent in Gen.Elements("", "e5", "E-7", "e+22", "e-23", "e400", "e")
            select sign + whole + point + fraction + exponent;
        return Prop.ForAll(text.ToArbitrary(), t =>
        {
            bool expectedOk = double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double expected);
            bool ok = Utf8Parsing.TryParseDouble(Encoding.UTF8.GetBytes(t), out double actual);
            return (ok == expectedOk && (!ok || BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(expected))).Label($"'{t}'");
        });
    }

    [Theory]
    [InlineData(" 1.5\t", 1.5)]
    [InlineData("NAN", double.NaN)]
    [InlineData("+inf", double.PositiveInfinity)]
    [InlineData("-INFINITY", double.NegativeInfinity)]
    [InlineData("00000000000000000000000000012.5", 12.5)]
    public void TryParseDouble_SpecialForms_Parse(string text, double expected)
    {
        Assert.True(Utf8Parsing.TryParseDouble(Encoding.UTF8.GetBytes(text), out double value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1,5")]
    [InlineData("1.5.2")]
    [InlineData("0x10")]
    [InlineData("1e")]
    [InlineData(".")]
    [InlineData("-")]
    [InlineData("12a")]
    [InlineData("infinite")]
    public void TryParseDouble_NotNumbers_Fail(string text) =>
        Assert.False(Utf8Parsing.TryParseDouble(Encoding.UTF8.GetBytes(text), out _));

    [Property(MaxTest = 1000)]
    public Property TryParseIsoTimestamp_AnyTimeInAnyLayout_MatchesDateTime()
    {
        Gen<DateTime> times = Gen.Choose(0, int.MaxValue).Select(s => new DateTime(1, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks((long)s * 1_460_000_000 / 10 * 10));
        string[] layouts = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", "yyyy-MM-dd'T'HH:mm:ss.fff", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];
        return Prop.ForAll(Gen.Zip(times, Gen.Elements(layouts)).ToArbitrary(), pair =>
        {
            string text = pair.Item1.ToString(pair.Item2, CultureInfo.InvariantCulture);
            DateTime expected = DateTime.ParseExact(text, pair.Item2, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            return (Utf8Parsing.TryParseIsoTimestamp(Encoding.UTF8.GetBytes(text), out long micros) && micros == UnixTime.ToMicroseconds(expected)).Label(text);
        });
    }

    [Theory]
    [InlineData("2015-01-01T07:00:00+01:00", "2015-01-01T06:00:00Z")]
    [InlineData("2015-01-01T05:30:00-0030", "2015-01-01T06:00:00Z")]
    [InlineData("2015-01-01 06:00:00.1234567", "2015-01-01T06:00:00.123456Z")]
    [InlineData("1969-12-31 23:59:59.5", "1969-12-31T23:59:59.500000Z")]
    [InlineData("2016-02-29", "2016-02-29T00:00:00Z")]
    public void TryParseIsoTimestamp_OffsetsFractionsAndLeapDays_ConvertToUtc(string text, string expected)
    {
        Assert.True(Utf8Parsing.TryParseIsoTimestamp(Encoding.UTF8.GetBytes(text), out long micros));
        Assert.Equal(expected, UnixTime.Format(micros));
    }

    [Theory]
    [InlineData("2015-1-01")]
    [InlineData("2015-01-01X06:00:00")]
    [InlineData("2015-01-01 06:00:00.")]
    [InlineData("2015-01-01 06:00:00Z junk")]
    [InlineData("0000-01-01")]
    [InlineData("2015-01-01T06:00:00+01:60")]
    public void TryParseIsoTimestamp_Malformed_Fails(string text) =>
        Assert.False(Utf8Parsing.TryParseIsoTimestamp(Encoding.UTF8.GetBytes(text), out _));

    [Theory]
    [InlineData("-1.5", 1_000_000, -1_500_000)]
    [InlineData("-0.25", 1_000_000, -250_000)]
    [InlineData("1420092000123.456", 1000, 1_420_092_000_123_456)]
    public void TryParseUnix_DecimalUnits_AreExact(string text, long unit, long expected)
    {
        Assert.True(Utf8Parsing.TryParseUnix(Encoding.UTF8.GetBytes(text), unit, out long micros));
        Assert.Equal(expected, micros);
    }
}
