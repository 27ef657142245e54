using System.Reflection;

namespace TicketBoss.Runtime.Invocation;

/// <summary>The runtime-generated implementation of a grain interface: each call becomes a message to the grain.</summary>
public class GrainProxy : DispatchProxy
{
    private GrainId _grainId;
    private IGrainCallSender _sender = null!;

    internal static T Create<T>(GrainId grainId, IGrainCallSender sender)
    {
        var proxy = Create<T, GrainProxy>();
        var self = (GrainProxy)(object)proxy!;
        self._grainId = grainId;
        self._sender = sender;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
        GrainMethod.For(targetMethod!).Send(_sender, _grainId, args ?? [], CallDeadline.After(_sender.CallTimeout));

    public override string ToString() => _grainId.ToString();
}
