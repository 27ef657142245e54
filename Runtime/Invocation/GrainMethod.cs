using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace TicketBoss.Runtime.Invocation;

/// <summary>
/// A grain interface method compiled once: a fast invoker for the activation, and typed senders for the proxy
/// (which returns <c>Task&lt;T&gt;</c>) and for the transport (which needs the answer boxed).
/// </summary>
internal sealed class GrainMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> Cache = new();

    private readonly Func<IGrainCallSender, GrainId, object?[], CallDeadline, Task> _send;
    private readonly Func<IGrainCallSender, GrainId, object?[], CallDeadline, Task<object?>> _sendBoxed;

    private GrainMethod(MethodInfo method)
    {
        if (!typeof(Task).IsAssignableFrom(method.ReturnType))
        {
            throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task or Task<T>.");
        }
        Method = method;
        ParameterTypes = [.. method.GetParameters().Select(p => p.ParameterType)];
        HasResult = method.ReturnType.IsGenericType;
        ResultType = HasResult ? method.ReturnType.GetGenericArguments()[0] : typeof(object);
        Invoker = CompileInvoker(method);
        var typed = typeof(GrainMethod).GetMethod(nameof(SendTyped), BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(ResultType);
        _send = typed.CreateDelegate<Func<IGrainCallSender, GrainId, object?[], CallDeadline, Task>>(this);
        var boxed = typeof(GrainMethod).GetMethod(nameof(SendBoxedAsync), BindingFlags.NonPublic | BindingFlags.Instance)!.MakeGenericMethod(ResultType);
        _sendBoxed = boxed.CreateDelegate<Func<IGrainCallSender, GrainId, object?[], CallDeadline, Task<object?>>>(this);
    }

    public static GrainMethod For(MethodInfo method) => Cache.GetOrAdd(method, static m => new GrainMethod(m));

    /// <summary>The interface method.</summary>
    public MethodInfo Method { get; }

    /// <summary>Name and arity, which identify the method on the wire: <c>Hold/1</c>.</summary>
    public string WireName => KeyOf(Method);

    public Type[] ParameterTypes { get; }

    /// <summary>True for <c>Task&lt;T&gt;</c>; a plain <c>Task</c> answers nothing.</summary>
    public bool HasResult { get; }

    /// <summary>The <c>T</c> of <c>Task&lt;T&gt;</c>, or <see cref="object"/> for a plain <c>Task</c>.</summary>
    public Type ResultType { get; }

    /// <summary>Runs the method on a grain instance.</summary>
    public Func<Grain, object?[], Task> Invoker { get; }

    public static string KeyOf(MethodInfo method) => $"{method.Name}/{method.GetParameters().Length}";

    /// <summary>Sends the call and returns the <c>Task&lt;T&gt;</c> the proxy's caller awaits.</summary>
    public Task Send(IGrainCallSender sender, GrainId grainId, object?[] arguments, CallDeadline deadline) =>
        _send(sender, grainId, arguments, deadline);

    /// <summary>Sends the call and returns its answer boxed, for the transport to serialize.</summary>
    public Task<object?> SendBoxedAsync(IGrainCallSender sender, GrainId grainId, object?[] arguments, CallDeadline deadline) =>
        _sendBoxed(sender, grainId, arguments, deadline);

    private Task SendTyped<T>(IGrainCallSender sender, GrainId grainId, object?[] arguments, CallDeadline deadline) =>
        sender.InvokeAsync<T>(grainId, this, arguments, deadline);

    private async Task<object?> SendBoxedAsync<T>(IGrainCallSender sender, GrainId grainId, object?[] arguments, CallDeadline deadline) =>
        await sender.InvokeAsync<T>(grainId, this, arguments, deadline).ConfigureAwait(false);

    private static Func<Grain, object?[], Task> CompileInvoker(MethodInfo method)
    {
        var grain = Expression.Parameter(typeof(Grain), "grain");
        var args = Expression.Parameter(typeof(object?[]), "args");
        var parameters = method.GetParameters()
            .Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType));
        var call = Expression.Call(Expression.Convert(grain, method.DeclaringType!), method, parameters);
        return Expression.Lambda<Func<Grain, object?[], Task>>(call, grain, args).Compile();
    }
}
