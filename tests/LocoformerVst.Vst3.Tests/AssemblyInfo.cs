// The tests call plugin vtables with char*/byte arguments: blittable only, as the plugin side requires.
[assembly: System.Runtime.CompilerServices.DisableRuntimeMarshalling]
