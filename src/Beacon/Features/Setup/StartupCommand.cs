namespace Beacon.Features.Setup;

/// <summary>
/// Beacon's own command-line switches, taken out before the host sees the rest:
/// <c>--demo</c> seeds the demo practice on first run; <c>--new-admin-password</c> (with --demo) issues a
/// new one for its administrator; <c>audit verify</c> checks every audit chain and exits;
/// <c>content check [folder]</c> checks the course packages and exits; <c>outbox send</c> sends every waiting
/// email (waiting out leases and back-offs) and exits.
/// </summary>
public sealed record StartupCommand(bool Demo, bool NewAdminPassword, bool VerifyAudit, bool ContentCheck, string? ContentPath, string[] HostArgs)
{
    /// <summary><c>outbox send</c>: deliver the outbox in the foreground, then exit (operators, and the crash test).</summary>
    public bool SendOutbox { get; init; }

    public static StartupCommand Parse(string[] args)
    {
        var sendOutbox = false;
        var rest = new List<string>();
        bool demo = false, newPassword = false, verify = false, contentCheck = false;
        string? contentPath = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--demo":
                    demo = true;
                    break;
                case "--new-admin-password":
                    newPassword = true;
                    break;
                case "audit" when i + 1 < args.Length && args[i + 1] == "verify":
                    verify = true;
                    i++;
                    break;
                case "outbox" when i + 1 < args.Length && args[i + 1] == "send":
                    sendOutbox = true;
                    i++;
                    break;
                case "content" when i + 1 < args.Length && args[i + 1] == "check":
                    contentCheck = true;
                    i++;
                    if (i + 1 < args.Length && !args[i + 1].StartsWith('-'))
                    {
                        contentPath = args[++i];
                    }
                    break;
                default:
                    rest.Add(args[i]);
                    break;
            }
        }
        // The demo serves on the port the README promises unless the caller chose another.
        if (demo && !rest.Any(a => a.StartsWith("--urls", StringComparison.Ordinal)) && Environment.GetEnvironmentVariable("ASPNETCORE_URLS") is null)
        {
            rest.Add("--urls=http://localhost:5080");
        }
        return new StartupCommand(demo, newPassword, verify, contentCheck, contentPath, [.. rest]) { SendOutbox = sendOutbox };
    }
}
