/**
 * Task functions for the worker's plug-in tests. The tests package them into plug-in jars at test
 * time and load them from there, each jar in a plug-in class loader of its own, which cannot see
 * the test classpath: a class here is never used from the classpath by the node under test.
 */
package io.computecluster.worker.testplugin;
