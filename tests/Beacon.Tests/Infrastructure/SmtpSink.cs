using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Beacon.Tests.Infrastructure;

/// <summary>
/// A real SMTP server on loopback (the SmtpServer library speaking the protocol over TCP), shared by every
/// test in the process. Tests tell their messages apart by recipient, which is unique per test.
/// </summary>
public static class SmtpSink
{
    private static readonly ConcurrentQueue<MimeMessage> Messages = new();
    private static readonly Lazy<int> Started = new(Start);
    private static readonly ConcurrentDictionary<string, int> Refusals = new(StringComparer.OrdinalIgnoreCase);

    public static int Port => Started.Value;

    /// <summary>Messages received so far for an address.</summary>
    public static IReadOnlyList<MimeMessage> To(string address) =>
        Messages.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();

    /// <summary>Makes the server answer 550 to the next <paramref name="times"/> messages for an address.</summary>
    public static void Refuse(string address, int times) => Refusals[address] = times;

    private static int Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)).AllowUnsecureAuthentication())
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store());
        var server = new SmtpServer.SmtpServer(options, services);
        _ = server.StartAsync(CancellationToken.None);
        // Wait until it accepts connections.
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return port;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException("The test SMTP server did not start.");
    }

    private sealed class Store : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = MimeMessage.Load(stream, cancellationToken);
            foreach (var recipient in message.To.Mailboxes)
            {
                if (Refusals.TryGetValue(recipient.Address, out var left) && left > 0)
                {
                    Refusals[recipient.Address] = left - 1;
                    return Task.FromResult(new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "mailbox unavailable"));
                }
            }
            Messages.Enqueue(message);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }
}
