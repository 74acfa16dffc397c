using System.Diagnostics;

namespace CallControl.Sdk.Benchmarks;

/// <summary>Starts this benchmark program again as a child process (the harnesses whose subjects are whole processes).</summary>
public static class SelfProcess
{
    /// <summary>The start info for this program with <paramref name="args"/>, through the dotnet host when it runs under one.</summary>
    public static ProcessStartInfo StartInfo(params string[] args) => StartInfoIn(AppContext.BaseDirectory, args);

    /// <summary>
    /// The start info for this program as it is laid out in <paramref name="directory"/> (a copy of its output with one
    /// assembly swapped), with <paramref name="args"/>.
    /// </summary>
    public static ProcessStartInfo StartInfoIn(string directory, params string[] args)
    {
        var host = Environment.ProcessPath!;
        var dotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        var info = new ProcessStartInfo(dotnet ? host : Path.Combine(directory, Path.GetFileName(host)))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dotnet)
        {
            info.ArgumentList.Add(Path.Combine(directory, Path.GetFileName(typeof(SelfProcess).Assembly.Location)));
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }
}
