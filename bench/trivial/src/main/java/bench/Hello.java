package bench;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** The trivial endpoint of the start-time baseline. */
@Path("/hello")
public class Hello {

    @GET
    public String hello() {
        return "hello";
    }
}
