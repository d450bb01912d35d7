# wharf-test/busybox: FROM scratch + Debian's static busybox (context prepared by
# build-test-images.sh: rootfs/ holds /bin/busybox, its applet symlinks, /tmp, /etc, /www).
FROM scratch
COPY rootfs/ /
EXPOSE 80
# httpd as PID 1 ignores SIGTERM (no handler), so `docker stop` would wait 10 s:
# a shell PID 1 traps TERM/INT and exits at once (the kernel then kills httpd).
CMD ["/bin/sh", "-c", "trap 'exit 0' TERM INT; httpd -f -p 80 -h /www & wait"]
