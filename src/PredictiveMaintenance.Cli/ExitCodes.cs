namespace PredictiveMaintenance.Cli;

/// <summary>The exit codes of <c>pdm</c>, which scripts can rely on (documented in docs/cli.md).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a bug, or the machine): the message and stack trace are printed.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong: an unknown option, a missing argument, a bad value.</summary>
    public const int Usage = 2;

    /// <summary>An input file or folder does not exist or cannot be opened, or a model or version is not registered; the message says what exists.</summary>
    public const int InputNotFound = 3;

    /// <summary>The input is malformed or does not match the expected schema; the message names the file, line and column.</summary>
    public const int BadData = 4;

    /// <summary>Another batch of the same pipeline is running (it holds the lock in the state folder); try again later.</summary>
    public const int Busy = 5;

    /// <summary>The pipeline configuration is invalid; the message names each bad setting by its JSON path.</summary>
    public const int InvalidConfiguration = 6;

    /// <summary><c>pdm promote</c>: the version does not beat the Production version by the model's promotion rule, so nothing changed.</summary>
    public const int NotPromoted = 7;
}
