using System.Diagnostics;

namespace CallControl.Sdk.Benchmarks;

/// <summary>Starts this benchmark program again as a child process (the harnesses whose subjects are whole processes).</summary>
public static class SelfProcess
{
    /// <summary>The start info for this program with <paramref name="args"/>, through the dotnet host when it runs under one.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
    {
        var host = Environment.ProcessPath!;
        var info = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.ArgumentList.Add(typeof(SelfProcess).Assembly.Location);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }
}
