package org.coachgrant.grant;

import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.coachgrant.programme.ProgrammeRepository;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A test hook in the budget commitment: once armed, each commitment waits, inside its transaction and
 * just before its budget check, until all the racing commitments are there. A race test that passes the
 * latch has proved its transactions really overlapped.
 */
public class BudgetCommitLatch implements BeanPostProcessor {

  private volatile CyclicBarrier barrier;
  private final AtomicInteger inTransaction = new AtomicInteger();

  /** The next {@code parties} budget commitments meet here before any of them goes on. */
  public void arm(int parties) {
    inTransaction.set(0);
    barrier = new CyclicBarrier(parties);
  }

  public void disarm() {
    barrier = null;
  }

  /** How many commitments passed the latch together, each inside an open transaction. */
  public int metInTransaction() {
    return inTransaction.get();
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!(bean instanceof ProgrammeRepository)) {
      return bean;
    }
    ProxyFactory proxy = new ProxyFactory(bean);
    proxy.setProxyTargetClass(true);
    proxy.addAdvice((MethodInterceptor) invocation -> {
      CyclicBarrier latch = barrier;
      if (latch != null && invocation.getMethod().getName().equals("commit")) {
        latch.await(20, TimeUnit.SECONDS);
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
          inTransaction.incrementAndGet();
        }
      }
      return invocation.proceed();
    });
    return proxy.getProxy();
  }
}
