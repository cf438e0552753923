namespace PredictiveMaintenance.Dashboard.Tests.Rendering;

/// <summary>
/// A fact that needs a Chromium: skipped, with the reason, where none is installed, unless <c>PDM_REQUIRE_CHROMIUM=1</c>
/// (set by .ci/run), where it runs and fails so that CI cannot pass without checking the page in a browser.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Find() is null && Environment.GetEnvironmentVariable("PDM_REQUIRE_CHROMIUM") != "1")
        {
            Skip = (Environment.GetEnvironmentVariable("PDM_CHROMIUM") is { Length: > 0 } configured
                    ? $"No Chromium found: PDM_CHROMIUM names '{configured}', which does not exist. "
                    : "No Chromium found: none of chromium, chromium-browser, google-chrome, google-chrome-stable is on the PATH. ")
                + "Install Debian's package (apt-get install chromium), as .ci/run does.";
        }
    }
}
