using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;

namespace TicketBoss.Runtime.Invocation;

/// <summary>A grain interface method compiled once into a fast invoker and a typed call factory.</summary>
internal sealed class GrainMethod
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> Cache = new();

    private readonly Func<Grain, object?[], Task> _invoker;
    private readonly Func<Func<Grain, object?[], Task>, object?[], TimeSpan, (WorkItem Item, Task Result)> _callFactory;

    private GrainMethod(MethodInfo method)
    {
        if (!typeof(Task).IsAssignableFrom(method.ReturnType))
        {
            throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} must return Task or Task<T>.");
        }
        _invoker = CompileInvoker(method);
        var resultType = method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : typeof(object);
        _callFactory = (Func<Func<Grain, object?[], Task>, object?[], TimeSpan, (WorkItem, Task)>)typeof(GrainMethod)
            .GetMethod(nameof(CreateCall), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(resultType)
            .CreateDelegate(typeof(Func<Func<Grain, object?[], Task>, object?[], TimeSpan, (WorkItem, Task)>));
    }

    public static GrainMethod For(MethodInfo method) => Cache.GetOrAdd(method, static m => new GrainMethod(m));

    /// <summary>Makes the queued request for one call and the task its caller awaits, bounded by a deadline.</summary>
    public (WorkItem Item, Task Result) NewCall(object?[] arguments, TimeSpan deadline) => _callFactory(_invoker, arguments, deadline);

    private static (WorkItem, Task) CreateCall<T>(Func<Grain, object?[], Task> invoker, object?[] arguments, TimeSpan deadline)
    {
        var call = new GrainCall<T>(invoker, arguments);
        return (call, call.Result.WaitAsync(deadline));
    }

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
