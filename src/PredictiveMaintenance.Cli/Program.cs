using PredictiveMaintenance.Cli;
using PredictiveMaintenance.Cli.Display;

return await PdmCommand.InvokeAsync(args, Console.Out, Console.Error, Terminal.OfConsole());
