namespace TicketBoss.Grains.Domain;

/// <summary>
/// The holds of one event in memory, kept without object references: ids and tokens packed into numbers, seats in one
/// shared array, a hold known by its slot. Ended holds leave through <see cref="Compact"/>, which moves the slots kept
/// to the front in place, so a table's memory is bounded by what it keeps, not by the event's history. An event lives long, so the garbage collector sees its memory as old; each
/// reference to a new object written into old memory marks it to be scanned again at every collection, and with
/// thousands of events taking holds those marks, scattered over the heap, made each collection several times
/// longer (README, Benchmarks). Its arrays grow in <see cref="LongLivedArrays"/>, for the same reason.
/// <see cref="Hold"/> is a snapshot of one slot, made for storage.
/// </summary>
internal sealed class HoldTable(string eventId)
{
    private const string IdPrefix = "hld_";
    private const int BitsPerChar = 6;
    private const int TokenHalf = Secrets.TokenLength / 2;

    private static readonly byte[] CharValues = MakeCharValues();

    // Slots by packed id: open addressing, at most half full, over entries of the id's hash (high half) and slot + 1
    // (low half; 0 is empty). A dictionary holds no reference here either, but grows its arrays the ordinary way.
    private ulong[] _index = LongLivedArrays.Allocate<ulong>(8);
    private Slot[] _slots = LongLivedArrays.Allocate<Slot>(4);
    private int[] _seats = LongLivedArrays.Allocate<int>(4);
    private int _seatsUsed;
    private int _indexed;

    // Rare cases, kept as text: ids and tokens of another form (none are made so, but storage may hold them), and
    // the booking each booked hold became.
    private Dictionary<string, int>? _oddIds;
    private Dictionary<int, (string Id, string Token)>? _oddText;
    private Dictionary<int, string>? _bookingIds;

    public int Count { get; private set; }

    /// <summary>Adds a hold and returns its slot.</summary>
    public int Add(string id, ReadOnlySpan<int> seats, DateTimeOffset createdAt, DateTimeOffset expiresAt, string token,
        HoldStatus status = HoldStatus.Active, string? bookingId = null)
    {
        var slot = Count;
        var packedId = TryPackId(id, out var key);
        var packedToken = TryPackToken(token, out var tokenHigh, out var tokenLow);
        if (packedId ? IndexOf(key) >= 0 : _oddIds?.ContainsKey(id) == true)
        {
            throw new ArgumentException($"Hold {id} is already in the table.", nameof(id));
        }
        if (slot == _slots.Length)
        {
            _slots = LongLivedArrays.Grow(_slots, slot * 2);
        }
        _slots[slot] = new Slot
        {
            Id = key,
            TokenHigh = tokenHigh,
            TokenLow = tokenLow,
            CreatedAt = createdAt,
            ExpiresAt = expiresAt,
            FirstSeat = StoreSeats(seats),
            SeatCount = seats.Length,
            Status = status,
            IsOdd = !(packedId && packedToken),
            IdPacked = packedId,
        };
        if (packedId)
        {
            AddToIndex(key, slot);
        }
        else
        {
            (_oddIds ??= new(StringComparer.Ordinal)).Add(id, slot);
        }
        if (!(packedId && packedToken))
        {
            (_oddText ??= [])[slot] = (id, token);
        }
        if (bookingId is not null)
        {
            (_bookingIds ??= [])[slot] = bookingId;
        }
        Count++;
        return slot;
    }

    public bool TryFind(string id, out int slot)
    {
        if (TryPackId(id, out var key))
        {
            slot = IndexOf(key);
            return slot >= 0;
        }
        slot = -1;
        return _oddIds?.TryGetValue(id, out slot) == true;
    }

    public HoldStatus StatusOf(int slot) => _slots[slot].Status;

    public bool IsActive(int slot) => _slots[slot].Status == HoldStatus.Active;

    public DateTimeOffset CreatedAt(int slot) => _slots[slot].CreatedAt;

    public DateTimeOffset ExpiresAt(int slot) => _slots[slot].ExpiresAt;

    public ReadOnlySpan<int> SeatsOf(int slot) => _seats.AsSpan(_slots[slot].FirstSeat, _slots[slot].SeatCount);

    public string? BookingIdOf(int slot) => _bookingIds?.GetValueOrDefault(slot);

    public string IdOf(int slot) =>
        _slots[slot].IsOdd ? _oddText![slot].Id : string.Create(IdPrefix.Length + Secrets.IdLength + 1 + eventId.Length, (_slots[slot].Id, eventId), static (text, id) =>
        {
            IdPrefix.CopyTo(text);
            Unpack(id.Id, text.Slice(IdPrefix.Length, Secrets.IdLength));
            text[IdPrefix.Length + Secrets.IdLength] = '.';
            id.eventId.CopyTo(text[(IdPrefix.Length + Secrets.IdLength + 1)..]);
        });

    public string TokenOf(int slot) =>
        _slots[slot].IsOdd ? _oddText![slot].Token : string.Create(Secrets.TokenLength, (_slots[slot].TokenHigh, _slots[slot].TokenLow), static (text, token) =>
        {
            Unpack(token.TokenHigh, text[..TokenHalf]);
            Unpack(token.TokenLow, text[TokenHalf..]);
        });

    /// <summary>
    /// Ends an active hold: booked (as <paramref name="bookingId"/>), released or expired, at <paramref name="at"/> by the
    /// change that makes the event's version <paramref name="version"/>. A hold expired before its time expires now.
    /// </summary>
    public void End(int slot, HoldStatus status, DateTimeOffset at, long version, string? bookingId = null)
    {
        ref var hold = ref _slots[slot];
        hold.Status = status;
        hold.EndedAt = at;
        hold.EndedVersion = version;
        if (status == HoldStatus.Expired && at < hold.ExpiresAt)
        {
            hold.ExpiresAt = at;
        }
        if (bookingId is not null)
        {
            (_bookingIds ??= [])[slot] = bookingId;
        }
    }

    /// <summary>When a hold ended, and the version of the event that ended it; null while it is active.</summary>
    public (DateTimeOffset At, long Version)? EndOf(int slot) =>
        _slots[slot].Status == HoldStatus.Active ? null : (_slots[slot].EndedAt, _slots[slot].EndedVersion);

    /// <summary>
    /// Drops every hold <paramref name="keep"/> refuses, moving the others to the front in their order, and returns
    /// where each slot went (-1: dropped). Nothing is allocated but that map: the arrays are reused as they are.
    /// </summary>
    public int[] Compact(Func<int, bool> keep)
    {
        var moved = new int[Count];
        var kept = 0;
        var seatsKept = 0;
        for (var slot = 0; slot < Count; slot++)
        {
            if (!keep(slot))
            {
                moved[slot] = -1;
                continue;
            }
            var hold = _slots[slot];
            // Seats are stored in slot order, so a kept hold's seats only ever move towards the front.
            Array.Copy(_seats, hold.FirstSeat, _seats, seatsKept, hold.SeatCount);
            hold.FirstSeat = seatsKept;
            seatsKept += hold.SeatCount;
            _slots[kept] = hold;
            moved[slot] = kept++;
        }
        Array.Clear(_slots, kept, Count - kept);
        Count = kept;
        _seatsUsed = seatsKept;
        Array.Clear(_index);
        _indexed = 0;
        for (var slot = 0; slot < kept; slot++)
        {
            if (_slots[slot].IdPacked)
            {
                AddToIndex(_slots[slot].Id, slot);
            }
        }
        _oddIds = Moved(_oddIds, moved);
        _oddText = MovedKeys(_oddText, moved);
        _bookingIds = MovedKeys(_bookingIds, moved);
        return moved;
    }

    /// <summary>The hold in a slot as storage writes it.</summary>
    public Hold Snapshot(int slot) => new(
        IdOf(slot), SeatsOf(slot).ToArray(), _slots[slot].CreatedAt, _slots[slot].ExpiresAt, TokenOf(slot),
        _slots[slot].Status, BookingIdOf(slot));

    private static Dictionary<string, int>? Moved(Dictionary<string, int>? slots, int[] moved)
    {
        if (slots is null)
        {
            return null;
        }
        var kept = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (id, slot) in slots)
        {
            if (moved[slot] >= 0)
            {
                kept.Add(id, moved[slot]);
            }
        }
        return kept.Count > 0 ? kept : null;
    }

    private static Dictionary<int, T>? MovedKeys<T>(Dictionary<int, T>? bySlot, int[] moved)
    {
        if (bySlot is null)
        {
            return null;
        }
        var kept = new Dictionary<int, T>();
        foreach (var (slot, value) in bySlot)
        {
            if (moved[slot] >= 0)
            {
                kept.Add(moved[slot], value);
            }
        }
        return kept.Count > 0 ? kept : null;
    }

    private int StoreSeats(ReadOnlySpan<int> seats)
    {
        if (_seatsUsed + seats.Length > _seats.Length)
        {
            _seats = LongLivedArrays.Grow(_seats, Math.Max(_seats.Length * 2, _seatsUsed + seats.Length));
        }
        seats.CopyTo(_seats.AsSpan(_seatsUsed));
        _seatsUsed += seats.Length;
        return _seatsUsed - seats.Length;
    }

    private int IndexOf(UInt128 key)
    {
        var hash = Hash(key);
        var mask = _index.Length - 1;
        for (var at = (int)hash & mask; _index[at] != 0; at = (at + 1) & mask)
        {
            // The stored hash settles most probes without reading the slot.
            if ((uint)(_index[at] >> 32) == hash && _slots[(int)_index[at] - 1].Id == key)
            {
                return (int)_index[at] - 1;
            }
        }
        return -1;
    }

    private void AddToIndex(UInt128 key, int slot)
    {
        if (2 * (_indexed + 1) > _index.Length)
        {
            var old = _index;
            _index = LongLivedArrays.Allocate<ulong>(old.Length * 2);
            foreach (var entry in old)
            {
                if (entry != 0)
                {
                    Insert(entry);
                }
            }
        }
        Insert(((ulong)Hash(key) << 32) | (uint)(slot + 1));
        _indexed++;
    }

    private void Insert(ulong entry)
    {
        var mask = _index.Length - 1;
        var at = (int)(entry >> 32) & mask;
        while (_index[at] != 0)
        {
            at = (at + 1) & mask;
        }
        _index[at] = entry;
    }

    // Packed ids are random characters; the multiply mixes both halves into the high bits, which are kept.
    private static uint Hash(UInt128 key) => (uint)((((ulong)key ^ (ulong)(key >> 64)) * 0x9E3779B97F4A7C15UL) >> 32);

    /// <summary>An id made by <see cref="Secrets.NewId"/> for this event, as a number: <c>hld_</c>, 12 characters, a dot, the event id.</summary>
    private bool TryPackId(string id, out UInt128 key)
    {
        key = default;
        var end = IdPrefix.Length + Secrets.IdLength;
        return id.Length == end + 1 + eventId.Length
            && id.StartsWith(IdPrefix, StringComparison.Ordinal)
            && id[end] == '.'
            && id.AsSpan(end + 1).SequenceEqual(eventId)
            && TryPack(id.AsSpan(IdPrefix.Length, Secrets.IdLength), out key);
    }

    private static bool TryPackToken(string token, out UInt128 high, out UInt128 low)
    {
        low = default;
        return TryPack(token.Length == Secrets.TokenLength ? token.AsSpan(0, TokenHalf) : [], out high)
            && TryPack(token.AsSpan(TokenHalf), out low);
    }

    // Six bits per character of the alphabet: 12 characters take 72 bits, 16 take 96.
    private static bool TryPack(ReadOnlySpan<char> text, out UInt128 value)
    {
        value = default;
        if (text.IsEmpty)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (c >= CharValues.Length || CharValues[c] == byte.MaxValue)
            {
                return false;
            }
            value = (value << BitsPerChar) | CharValues[c];
        }
        return true;
    }

    private static void Unpack(UInt128 value, Span<char> text)
    {
        for (var i = text.Length - 1; i >= 0; i--)
        {
            text[i] = Secrets.Alphabet[(int)(value & ((1 << BitsPerChar) - 1))];
            value >>= BitsPerChar;
        }
    }

    private static byte[] MakeCharValues()
    {
        var values = new byte[128];
        Array.Fill(values, byte.MaxValue);
        for (var i = 0; i < Secrets.Alphabet.Length; i++)
        {
            values[Secrets.Alphabet[i]] = (byte)i;
        }
        return values;
    }

    /// <summary>One hold, with no reference in it.</summary>
    private struct Slot
    {
        public UInt128 Id;
        public UInt128 TokenHigh;
        public UInt128 TokenLow;
        public DateTimeOffset CreatedAt;
        public DateTimeOffset ExpiresAt;
        public int FirstSeat;
        public int SeatCount;
        public HoldStatus Status;
        public bool IsOdd;
        public bool IdPacked;
        public DateTimeOffset EndedAt;
        public long EndedVersion;
    }
}
