using System.Text;

namespace GitJit.Gateway.Wire.Protocol;

/// <summary>The fields of an ErrorResponse or NoticeResponse that the gateway reads: severity, SQLSTATE and message.</summary>
internal readonly record struct ErrorFields(string? Severity, string? Code, string? Message)
{
    public bool IsFatal => Severity is "FATAL" or "PANIC";

    public static ErrorFields Read(ReadOnlySpan<byte> body)
    {
        string? severity = null, code = null, message = null;
        while (!body.IsEmpty && body[0] != 0)
        {
            var field = body[0];
            var end = body[1..].IndexOf((byte)0);
            if (end < 0) break;
            var value = body.Slice(1, end);
            switch (field)
            {
                case (byte)'V': severity = Encoding.UTF8.GetString(value); break;
                case (byte)'S': severity ??= Encoding.UTF8.GetString(value); break;
                case (byte)'C': code = Encoding.UTF8.GetString(value); break;
                case (byte)'M': message = Encoding.UTF8.GetString(value); break;
            }
            body = body[(end + 2)..];
        }
        return new ErrorFields(severity, code, message);
    }
}
