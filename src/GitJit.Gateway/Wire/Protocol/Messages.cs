namespace GitJit.Gateway.Wire.Protocol;

/// <summary>The messages the gateway writes itself, to clients (backend messages) and to the server (frontend messages).</summary>
internal static class Messages
{
    public const int SslRequestCode = 80877103;
    public const int GssEncRequestCode = 80877104;
    public const int CancelRequestCode = 80877102;
    public const int Protocol30 = 3 << 16;

    public static MessageBuilder Error(this MessageBuilder builder, string severity, string code, string message, string? detail = null)
    {
        builder.Start((byte)'E').Byte((byte)'S').CString(severity).Byte((byte)'V').CString(severity).Byte((byte)'C').CString(code).Byte((byte)'M').CString(message);
        if (detail is not null) builder.Byte((byte)'D').CString(detail);
        return builder.Byte(0).End();
    }

    public static MessageBuilder Authentication(this MessageBuilder builder, int kind, ReadOnlySpan<byte> data = default) =>
        builder.Start((byte)'R').Int32(kind).Bytes(data).End();

    public static MessageBuilder ParameterStatus(this MessageBuilder builder, string name, string value) =>
        builder.Start((byte)'S').CString(name).CString(value).End();

    public static MessageBuilder BackendKeyData(this MessageBuilder builder, int processId, int secret) =>
        builder.Start((byte)'K').Int32(processId).Int32(secret).End();

    public static MessageBuilder ReadyForQuery(this MessageBuilder builder, byte status) =>
        builder.Start((byte)'Z').Byte(status).End();

    public static MessageBuilder NegotiateProtocolVersion(this MessageBuilder builder, int newest, IReadOnlyList<string> unsupported)
    {
        builder.Start((byte)'v').Int32(newest).Int32(unsupported.Count);
        foreach (var option in unsupported) builder.CString(option);
        return builder.End();
    }

    public static MessageBuilder Startup(this MessageBuilder builder, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        builder.StartUntyped().Int32(Protocol30);
        foreach (var (name, value) in parameters) builder.CString(name).CString(value);
        return builder.Byte(0).End();
    }

    public static MessageBuilder SslRequest(this MessageBuilder builder) => builder.StartUntyped().Int32(SslRequestCode).End();

    public static MessageBuilder CancelRequest(this MessageBuilder builder, int processId, int secret) =>
        builder.StartUntyped().Int32(CancelRequestCode).Int32(processId).Int32(secret).End();

    public static MessageBuilder SaslInitialResponse(this MessageBuilder builder, string mechanism, ReadOnlySpan<byte> data) =>
        builder.Start((byte)'p').CString(mechanism).Int32(data.Length).Bytes(data).End();

    public static MessageBuilder SaslResponse(this MessageBuilder builder, ReadOnlySpan<byte> data) =>
        builder.Start((byte)'p').Bytes(data).End();

    public static MessageBuilder Password(this MessageBuilder builder, string password) =>
        builder.Start((byte)'p').CString(password).End();

    public static MessageBuilder Query(this MessageBuilder builder, string sql) =>
        builder.Start((byte)'Q').CString(sql).End();

    public static MessageBuilder Parse(this MessageBuilder builder, string name, string sql) =>
        builder.Start((byte)'P').CString(name).CString(sql).Int16(0).End();

    public static MessageBuilder Terminate(this MessageBuilder builder) => builder.Start((byte)'X').End();
}
