/**
 * What a plug-in implements to add functions to the cluster: {@link
 * io.computecluster.function.TaskFunction}, the {@link io.computecluster.function.PayloadType}s
 * its inputs and results travel as, and the {@link io.computecluster.function.TaskContext} it
 * is called with. A plug-in compiles against this package and Jackson only.
 */
package io.computecluster.function;
