using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace GitJit.Sandbox.GitHub;

/// <summary>Where the stand-in listens: a random loopback port, or the address and port of a given http URL.</summary>
internal static class ListenAddress
{
    public static void Apply(KestrelServerOptions options, Uri? listenOn)
    {
        if (listenOn is null)
        {
            options.Listen(IPAddress.Loopback, 0);
            return;
        }
        if (listenOn.Scheme != Uri.UriSchemeHttp) throw new ArgumentException($"The stand-in listens on http only, not {listenOn}.", nameof(listenOn));
        // "localhost" is both loopback addresses, as browsers resolve it; Kestrel then needs a fixed port.
        if (!IPAddress.TryParse(listenOn.Host.Trim('[', ']'), out var address))
        {
            if (!listenOn.IsLoopback) throw new ArgumentException($"Give an IP address or localhost to listen on, not {listenOn.Host}.", nameof(listenOn));
            options.ListenLocalhost(listenOn.Port);
            return;
        }
        options.Listen(address, listenOn.Port);
    }

    /// <summary>The root of web and API URLs: <paramref name="listenOn"/> with the port Kestrel took, else the address it listens on.</summary>
    public static Uri WebUrl(Uri? listenOn, Uri listening)
    {
        if (listenOn is null) return new Uri(listening.GetLeftPart(UriPartial.Authority) + "/");
        var root = new UriBuilder(listenOn) { Port = listening.Port, Path = "/", Query = "", Fragment = "" };
        return root.Uri;
    }
}
