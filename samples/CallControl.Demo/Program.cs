using CallControl.Demo;

// No arguments: the guided demo on the embedded sandbox (no Webex account needed).
// With arguments: the command line for real use (run with --help).
return args.Length == 0
    ? await SandboxTour.RunAsync(Console.Out)
    : await DemoCli.RunAsync(args, Console.Out, Console.Error);
