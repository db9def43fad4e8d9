package onego.server.web;

/** Something a route line declares its route reads: a {@link Param} or its {@link JsonBody}. */
public sealed interface RouteInput permits Param, JsonBody {}
