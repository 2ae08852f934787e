package io.kexin.gateway.proxy;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Picks the native epoll transport where it is available, else NIO. */
public record Transport(IoHandlerFactory ioHandler, Class<? extends ServerChannel> serverChannel,
    Class<? extends SocketChannel> clientChannel, Class<? extends DatagramChannel> datagramChannel) {

  /** Returns the best transport for this machine. */
  public static Transport best() {
    if (Epoll.isAvailable()) {
      return new Transport(EpollIoHandler.newFactory(), EpollServerSocketChannel.class, EpollSocketChannel.class,
          EpollDatagramChannel.class);
    }
    return new Transport(NioIoHandler.newFactory(), NioServerSocketChannel.class, NioSocketChannel.class,
        NioDatagramChannel.class);
  }

  /** Returns a new event loop group of {@code threads} threads (0: Netty's default). */
  public EventLoopGroup group(int threads) {
    return new MultiThreadIoEventLoopGroup(threads, ioHandler);
  }
}
