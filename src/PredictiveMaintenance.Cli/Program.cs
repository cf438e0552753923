using PredictiveMaintenance.Cli;

return await PdmCommand.InvokeAsync(args, Console.Out, Console.Error);
