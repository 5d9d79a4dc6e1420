/**
 * The worker node's side of the plug-in boundary: {@link
 * io.computecluster.function.spi.PluginBridge} loads a plug-in's functions and calls them with
 * wire values. Not for plug-ins: nothing here is promised to stay.
 */
package io.computecluster.function.spi;
