using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Beacon.Tests.Infrastructure;

/// <summary>
/// Beacon as a real child process (<c>dotnet Beacon.dll …</c>) on a test app's database, mail going to
/// <see cref="SmtpSink"/>, in the Production environment; for tests that kill it with SIGKILL (no shutdown
/// code runs). Every line it writes is kept (up to a limit), and a test can wait for a line.
/// Dispose kills it if it is still running and waits for it to exit.
/// </summary>
public sealed class BeaconProcess : IDisposable
{
    private const int MaxLines = 20_000;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<bool> Done)> _waiters = [];
    private int _lineCount;

    private BeaconProcess(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Receive(e.Data);
        process.ErrorDataReceived += (_, e) => Receive(e.Data);
        process.Exited += (_, _) => ReleaseWaiters();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Process Process { get; }

    /// <summary>What the process wrote so far, standard output and error interleaved as they arrived.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    public string Output => string.Join(Environment.NewLine, _lines);

    /// <summary>
    /// Starts <c>dotnet Beacon.dll</c> with <paramref name="arguments"/> (a command and/or <c>--Key=value</c>
    /// settings) on <paramref name="app"/>'s database, without migrating it (the test app already did).
    /// <paramref name="connectionString"/> replaces the app's PostgreSQL connection (e.g. to name the node
    /// in <c>Application Name</c>).
    /// </summary>
    public static BeaconProcess Start(BeaconApp app, IEnumerable<string> arguments, string? connectionString = null)
    {
        var beacon = Path.Combine(AppContext.BaseDirectory, "Beacon.dll");
        List<string> args = [beacon, .. arguments];
        args.AddRange(
        [
            $"--Database:Provider={app.Provider}",
            $"--Database:DataDirectory={app.DataDirectory}",
            "--Database:MigrateOnStartup=false",
            "--Smtp:Host=127.0.0.1",
            $"--Smtp:Port={SmtpSink.Port.ToString(CultureInfo.InvariantCulture)}",
            "--Smtp:Security=None",
            "--Smtp:FromAddress=beacon@beacon.test",
        ]);
        if ((connectionString ?? app.Postgres?.AppConnectionString) is { } connection)
        {
            args.Add($"--Database:ConnectionString={connection}");
        }
        var start = new ProcessStartInfo("dotnet", args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        return new BeaconProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet Beacon.dll did not start."));
    }

    /// <summary>True when a line (already written or still to come) matches; false when the process exits first.</summary>
    public Task<bool> WaitForLineAsync(Func<string, bool> match)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_lines.Any(match))
            {
                return Task.FromResult(true);
            }
            if (Process.HasExited)
            {
                return Task.FromResult(false);
            }
            _waiters.Add((match, done));
        }
        return done.Task;
    }

    /// <summary>SIGKILL: the process ends at once, without running any shutdown code.</summary>
    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
        }
        Process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            Kill();
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        Process.Dispose();
    }

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_waiters)
        {
            if (Interlocked.Increment(ref _lineCount) <= MaxLines)
            {
                _lines.Enqueue(line);
            }
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    _waiters[i].Done.TrySetResult(true);
                    _waiters.RemoveAt(i);
                }
            }
        }
    }

    private void ReleaseWaiters()
    {
        lock (_waiters)
        {
            foreach (var (_, done) in _waiters)
            {
                done.TrySetResult(false);
            }
            _waiters.Clear();
        }
    }
}
