using System.Security.Cryptography;

namespace Involvement.BuildingBlocks.Data;

/// <summary>
/// Ids derived from two others (a session and a member), the same every time, so whatever a consumer receives twice
/// or a publisher replays can be deduplicated on them: recruitment's participation ids, training's attendance ids.
/// </summary>
public static class StableIds
{
    public static Guid Of(Guid first, Guid second)
    {
        Span<byte> both = stackalloc byte[32];
        first.TryWriteBytes(both[..16]);
        second.TryWriteBytes(both[16..]);
        var hash = SHA256.HashData(both);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);   // version 8: a custom, name-based UUID
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);   // RFC 9562 variant
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
